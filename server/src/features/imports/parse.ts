/**
 * An uploaded file into rows: objects shaped like the body of `POST /api/v1/claims`, not yet
 * validated (each row is checked when it is processed, so a bad row never stops the others).
 * A row that cannot even be read becomes a string: the reason it is bad.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { IMPORT_CSV_COLUMNS, type ImportFormat } from '@refute/shared';

export type UploadedRow = Record<string, unknown> | string;

const REACH = ['views', 'shares', 'comments'] as const;

/** A CSV count: a whole number as written; anything else is passed on for validation to name. */
const count = (value: string): unknown => (/^\d+$/.test(value) ? Number(value) : value);

/** `image:https://… video:https://…` */
function media(value: string): unknown {
  return value
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const colon = pair.indexOf(':');
      return { kind: pair.slice(0, colon), url: pair.slice(colon + 1) };
    });
}

function fromCsvRecord(record: Record<string, string>): UploadedRow {
  const row: Record<string, unknown> = {};
  const reach: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    const value = raw.trim();
    if (value === '') continue;
    if ((REACH as readonly string[]).includes(column)) reach[column] = count(value);
    else if (column === 'media') row.media = media(value);
    else if (column === 'emergency') row.emergency = ({ true: true, false: false } as Record<string, boolean>)[value.toLowerCase()] ?? value;
    else row[column] = value;
  }
  if (Object.keys(reach).length > 0) row.reach = reach;
  return row;
}

export class UnreadableUpload extends Error {}

export function parseUpload(content: string, format: ImportFormat): UploadedRow[] {
  if (format === 'jsonl') {
    return content
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          const value: unknown = JSON.parse(line);
          return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'the line is not a JSON object';
        } catch {
          return 'the line is not valid JSON';
        }
      });
  }
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv<Record<string, string>>(content, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw new UnreadableUpload(`The CSV cannot be read: ${(error as Error).message}`);
  }
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter((column) => !(IMPORT_CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) throw new UnreadableUpload(`Unknown CSV columns: ${unknown.join(', ')} (allowed: ${IMPORT_CSV_COLUMNS.join(', ')})`);
  return records.map(fromCsvRecord);
}
