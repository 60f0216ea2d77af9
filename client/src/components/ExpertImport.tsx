import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { ErrorBanner } from './ErrorBanner';

/** A CSV of expert profiles, and what became of each row. */
export function ExpertImport() {
  const { t } = useT();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async (chosen: File) => api.importExperts(await chosen.text()),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.allExperts }),
  });
  const report = upload.data;
  return (
    <section className="panel" data-testid="expert-import">
      <h2>{t('expertImportTitle')}</h2>
      <p className="muted">{t('expertImportHint')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <label>
          <span className="visually-hidden">{t('expertImportFile')}</span>
          <input type="file" accept=".csv,text/csv" data-testid="expert-import-file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </label>{' '}
        <button type="submit" className="btn btn-small" data-testid="expert-import-run" disabled={!file || upload.isPending}>
          {t('expertImportRun')}
        </button>
      </form>
      <ErrorBanner message={upload.error ? errorMessage(upload.error, t) : null} onDismiss={() => upload.reset()} />
      {report && (
        <div data-testid="expert-import-report">
          <p role="status">{t('expertImportDone', { created: report.created, updated: report.updated, unchanged: report.unchanged })}</p>
          {report.errors.length > 0 && (
            <table className="admin-table">
              <thead>
                <tr>
                  <th>{t('expertImportRow')}</th>
                  <th>{t('expertImportField')}</th>
                  <th>{t('expertImportProblem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error, index) => (
                  <tr key={index} data-testid="expert-import-error">
                    <td>{error.row}</td>
                    <td>{error.field}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
