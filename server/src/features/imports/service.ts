/** Bulk imports of a platform's reports: stored as a job at upload, presented while they run. */
import { Types } from 'mongoose';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_MAX_ROWS, type ImportFormat, type ImportJobView } from '@refute/shared';
import { badRequest, notFound } from '../../http/errors';
import { recordAudit } from '../audit/service';
import { ImportChunkModel, ImportJobModel, type ImportJobRecord } from './model';
import { parseUpload, UnreadableUpload } from './parse';
import { importSettings } from './settings';
import { domainEvents } from '../../realtime/domainEvents';

/** Chunks per insert at upload: a few megabytes per command. */
const INSERT_BATCH = 20;
const LISTED_JOBS = 20;

export function presentImport(job: ImportJobRecord, now = new Date()): ImportJobView {
  const elapsed = job.startedAt ? ((job.finishedAt ?? now).getTime() - job.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 ? job.processed / elapsed : 0;
  return {
    id: String(job._id),
    name: job.name,
    format: job.format,
    status: job.status,
    total: job.total,
    processed: job.processed,
    created: job.created,
    repeated: job.repeated,
    failed: job.failed,
    rowsPerSecond: Math.round(rate * 10) / 10,
    secondsLeft: job.status === 'running' && rate > 0 ? Math.ceil((job.total - job.processed) / rate) : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export async function createImport(scope: { orgId: Types.ObjectId; userId: string }, upload: { name: string; format: ImportFormat; content: string }): Promise<ImportJobView> {
  let rows;
  try {
    rows = parseUpload(upload.content, upload.format);
  } catch (error) {
    if (error instanceof UnreadableUpload) throw badRequest('unreadable_upload', error.message);
    throw error;
  }
  if (rows.length === 0) throw badRequest('empty_upload', 'The file holds no reports');
  if (rows.length > IMPORT_MAX_ROWS) throw badRequest('too_many_rows', `An import holds at most ${IMPORT_MAX_ROWS} reports`);
  const jobId = new Types.ObjectId();
  const chunks = [];
  const { chunkRows } = importSettings();
  for (let start = 0; start < rows.length; start += chunkRows) {
    chunks.push({
      _id: `${String(jobId)}:${chunks.length}`,
      jobId,
      firstRow: start + 1,
      rows: rows.slice(start, start + chunkRows).map((row) => JSON.stringify(row)),
    });
  }
  // The chunks first: a job never names a chunk that is not stored.
  for (let start = 0; start < chunks.length; start += INSERT_BATCH) await ImportChunkModel.insertMany(chunks.slice(start, start + INSERT_BATCH), { ordered: true });
  const job = await ImportJobModel.create({
    _id: jobId,
    orgId: scope.orgId,
    userId: new Types.ObjectId(scope.userId),
    name: upload.name,
    format: upload.format,
    status: 'running',
    total: rows.length,
    chunks: chunks.length,
    nextChunk: 0,
    processed: 0,
    created: 0,
    repeated: 0,
    failed: 0,
  });
  domainEvents.emit('import.created', String(jobId));
  await recordAudit({ action: 'import.created', actor: { kind: 'user', id: scope.userId, orgId: scope.orgId }, subject: { kind: 'import', id: jobId }, data: { name: upload.name, format: upload.format, rows: rows.length } });
  return presentImport(job.toObject());
}

async function ownJob(orgId: Types.ObjectId, id: string): Promise<ImportJobRecord> {
  const job = await ImportJobModel.findOne({ _id: new Types.ObjectId(id), orgId }).lean<ImportJobRecord>();
  // Another platform's import is not found: its existence is not told.
  if (!job) throw notFound('Import');
  return job;
}

export async function importView(orgId: Types.ObjectId, id: string): Promise<ImportJobView> {
  return presentImport(await ownJob(orgId, id));
}

export async function listImports(orgId: Types.ObjectId): Promise<ImportJobView[]> {
  const jobs = await ImportJobModel.find({ orgId }).sort({ createdAt: -1 }).limit(LISTED_JOBS).lean<ImportJobRecord[]>();
  return jobs.map((job) => presentImport(job));
}

/** The bad rows found so far, as CSV: row, field, message. */
export async function importErrorReport(orgId: Types.ObjectId, id: string): Promise<string> {
  const job = await ownJob(orgId, id);
  const chunks = await ImportChunkModel.find({ jobId: job._id }, { firstRow: 1, rowErrors: 1 }).lean();
  const errors = chunks
    .sort((a, b) => a.firstRow - b.firstRow)
    .flatMap((chunk) => chunk.rowErrors ?? [])
    .map((error) => [error.row, error.field, error.message]);
  return stringify([['row', 'field', 'message'], ...errors]);
}
