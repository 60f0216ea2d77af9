/**
 * Downloads the cases of the dashboard's range and scope with their reports (CSV streamed by the
 * server), showing how many of the cases have arrived: the server names the total first
 * (`X-Export-Cases`) and every row starts with its case id.
 */
import { useState } from 'react';
import type { InsightsQuery } from '@refute/shared';
import { useT } from '../../i18n';

const CASE_ROW = /^([0-9a-f]{24}),/;

export function CaseExportButton({ filters }: { filters: InsightsQuery }) {
  const { t } = useT();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const run = async () => {
    setFailed(false);
    setProgress({ done: 0, total: 0 });
    try {
      const params = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const response = await fetch(`/api/v1/insights/export/cases.csv?${params.toString()}`, { credentials: 'same-origin' });
      if (!response.ok || !response.body) throw new Error(`export failed: ${response.status}`);
      const total = Number(response.headers.get('X-Export-Cases') ?? 0);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const chunks: BlobPart[] = [];
      const seen = new Set<string>();
      let carry = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        const lines = (carry + decoder.decode(value, { stream: true })).split('\r\n');
        carry = lines.pop() ?? '';
        for (const line of lines) {
          const id = CASE_ROW.exec(line)?.[1];
          if (id) seen.add(id);
        }
        setProgress({ done: seen.size, total });
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'refute-cases.csv';
      link.click();
      URL.revokeObjectURL(url);
    } catch {
      setFailed(true);
    } finally {
      setProgress(null);
    }
  };
  return (
    <span className="no-print">
      <button type="button" className="btn btn-ghost btn-small" onClick={() => void run()} disabled={progress !== null} data-testid="export-cases">
        {t('insightsExportCases')}
      </button>
      {progress && (
        <progress max={progress.total || 1} value={progress.done} aria-label={t('insightsExporting', { done: progress.done, total: progress.total })} title={t('insightsExporting', { done: progress.done, total: progress.total })} />
      )}
      {failed && <span role="alert"> {t('insightsExportFailed')}</span>}
    </span>
  );
}
