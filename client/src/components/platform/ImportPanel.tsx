import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportFormat, ImportJobView } from '@refute/shared';
import { api } from '../../api';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { ErrorBanner } from '../ErrorBanner';
import { RelativeTime } from '../RelativeTime';

/** How often a running import's progress is read. */
const PROGRESS_MS = 1_000;
const IMPORTS_QUERY = ['platform', 'imports'] as const;

const formatOf = (file: File): ImportFormat => (/\.csv$/i.test(file.name) ? 'csv' : 'jsonl');

/** Uploading a file of reports and following the import: progress, rate, time left, problems. */
export function ImportPanel() {
  const { t } = useT();
  const client = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const imports = useQuery({
    queryKey: IMPORTS_QUERY,
    queryFn: ({ signal }) => api.imports(signal),
    // Read again while one runs; a finished list stays still.
    refetchInterval: (query) => (query.state.data?.items.some((job) => job.status === 'running') ? PROGRESS_MS : false),
  });
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadImport(file, formatOf(file)),
    onSuccess: async () => {
      setError(null);
      if (fileInput.current) fileInput.current.value = '';
      await client.invalidateQueries({ queryKey: IMPORTS_QUERY });
    },
    onError: (caught) => setError(errorMessage(caught, t)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) {
      setError(t('importChooseFile'));
      return;
    }
    upload.mutate(file);
  };

  return (
    <section className="panel imports" aria-labelledby="imports-title">
      <h2 id="imports-title">{t('importTitle')}</h2>
      <p className="muted">{t('importHint')}</p>
      <ErrorBanner message={error ?? (imports.error ? errorMessage(imports.error, t) : null)} onDismiss={() => setError(null)} />
      <form className="import-form" onSubmit={submit}>
        <label htmlFor="import-file">{t('importFile')}</label>{' '}
        <input id="import-file" ref={fileInput} type="file" accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson" data-testid="import-file" />{' '}
        <button type="submit" className="btn btn-primary" data-testid="import-upload" disabled={upload.isPending}>
          {upload.isPending ? t('importUploading') : t('importUpload')}
        </button>
      </form>
      <ul className="report-list" data-testid="imports">
        {imports.data?.items.map((job) => <ImportRow key={job.id} job={job} />)}
      </ul>
      {imports.data?.items.length === 0 && <p className="empty">{t('importNone')}</p>}
    </section>
  );
}

function ImportRow({ job }: { job: ImportJobView }) {
  const { t } = useT();
  return (
    <li className="report-row" data-testid="import-job" data-status={job.status} data-processed={job.processed} data-created={job.created} data-repeated={job.repeated} data-failed={job.failed}>
      <p className="report-text">
        <strong>{job.name}</strong> <span className="badge status">{job.status === 'done' ? t('importDone') : t('importRunning')}</span>{' '}
        <RelativeTime iso={job.createdAt} />
      </p>
      <progress max={job.total} value={job.processed} aria-label={t('importProgress', { processed: job.processed, total: job.total })} />
      <p className="muted" data-testid="import-progress">
        {t('importProgress', { processed: job.processed, total: job.total })}
        {job.rowsPerSecond > 0 && <> · {t('importRate', { rate: job.rowsPerSecond })}</>}
        {job.secondsLeft !== null && <> · {t('importTimeLeft', { minutes: Math.max(1, Math.ceil(job.secondsLeft / 60)) })}</>}
      </p>
      <p className="muted">{t('importCounts', { created: job.created, repeated: job.repeated, failed: job.failed })}</p>
      {job.failed > 0 && (
        <a href={api.importErrorsUrl(job.id)} download data-testid="import-errors">
          {t('importErrors')}
        </a>
      )}
    </li>
  );
}
