/**
 * Expert profiles from a CSV (one person a row, found by the email of their account). Each row is
 * checked and saved on its own, so a bad row is reported (row, field, message) and never stops
 * the others; importing the same file again changes nothing.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { EXPERT_CSV_COLUMNS, expertProfileSchema, type ExpertImportReport, type ExpertImportRowError, type SessionUser } from '@refute/shared';
import { AppError, badRequest } from '../../http/errors';
import { UserModel, type UserRecord } from '../users/model';
import { saveExpertProfile } from './service';

type Column = (typeof EXPERT_CSV_COLUMNS)[number];

/** The CSV column each profile field comes from, for naming it in the report. */
const COLUMN_OF_FIELD: Record<string, Column> = {
  domains: 'domains',
  keywords: 'keywords',
  title: 'title',
  credentials: 'credentials',
  region: 'region',
  languages: 'languages',
  capacity: 'capacity',
  onCall: 'on_call',
  leave: 'leave',
  directAssignment: 'direct_assignment',
};

const list = (value: string | undefined) => (value ?? '').split(/[;|]/).map((item) => item.trim()).filter(Boolean);

const YES = new Set(['true', 'yes', 'y', '1', '是']);
const NO = new Set(['false', 'no', 'n', '0', '否', '']);

/** `2026-01-01..2026-01-10; 2026-02-01..2026-02-03` */
function leaveOf(value: string | undefined): unknown {
  return list(value).map((period) => {
    const [from, to] = period.split('..').map((day) => day.trim());
    return { from, to: to ?? from };
  });
}

/** A yes/no cell as a boolean; anything else as written, for the schema to report. */
function yesNo(value: string | undefined): unknown {
  const lowered = (value ?? '').toLowerCase();
  return YES.has(lowered) ? true : NO.has(lowered) ? false : value;
}

function profileInputOf(record: Partial<Record<Column, string>>): unknown {
  return {
    domains: list(record.domains),
    keywords: list(record.keywords),
    title: record.title ?? '',
    credentials: record.credentials ?? '',
    region: record.region ?? '',
    languages: list(record.languages),
    capacity: /^\d+$/.test(record.capacity ?? '') ? Number(record.capacity) : record.capacity,
    onCall: yesNo(record.on_call),
    leave: leaveOf(record.leave),
    directAssignment: yesNo(record.direct_assignment),
  };
}

function readRecords(csv: string): Array<Partial<Record<Column, string>>> {
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv<Record<string, string>>(csv, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw badRequest('invalid_csv', `The CSV cannot be read: ${(error as Error).message}`);
  }
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter((column) => !(EXPERT_CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0 || (records.length > 0 && !header.includes('email'))) {
    throw badRequest('invalid_csv', `The CSV needs an email column and only these columns: ${EXPERT_CSV_COLUMNS.join(', ')}`, { unknown });
  }
  return records;
}

export async function importExperts(actor: SessionUser, csv: string): Promise<ExpertImportReport> {
  const report: ExpertImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const records = readRecords(csv);
  for (const [index, record] of records.entries()) {
    // The header is row 1.
    const row = index + 2;
    const fail = (field: string, message: string) => report.errors.push({ row, field, message } satisfies ExpertImportRowError);
    const email = (record.email ?? '').toLowerCase();
    if (!email) {
      fail('email', 'missing');
      continue;
    }
    const parsed = expertProfileSchema.safeParse(profileInputOf(record));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(COLUMN_OF_FIELD[String(issue.path[0])] ?? String(issue.path[0] ?? 'row'), issue.message);
      continue;
    }
    const user = await UserModel.findOne({ email }, { roles: 1, disabled: 1 }).lean<UserRecord>();
    if (!user) {
      fail('email', 'no account has this email');
      continue;
    }
    try {
      report[await saveExpertProfile(actor, user, parsed.data)] += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail(error.code === 'unknown_region' ? 'region' : 'email', error.message);
    }
  }
  return report;
}
