import { useT } from '../../i18n';
import { toCsv } from '../../insights/series';

/** Downloads a table as CSV, made in the browser from the figures it shows. */
export function CsvButton({ name, header, rows }: { name: string; header: readonly string[]; rows: ReadonlyArray<ReadonlyArray<string | number | null>> }) {
  const { t } = useT();
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <button type="button" className="btn btn-ghost btn-small no-print" onClick={download} data-testid={`csv-${name}`}>
      {t('insightsCsv')}
    </button>
  );
}
