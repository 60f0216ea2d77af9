/**
 * Works through running imports, one chunk at a time, on the scheduler of every process. A
 * chunk is worked on by the process whose insert of its lease succeeded; the job then moves on
 * to the next chunk. After a crash the job resumes at its `nextChunk`: rows of a chunk done
 * again are replayed by intake (idempotent per externalId), so nothing is created twice.
 */
import { claimReportSchema, type ImportRowError } from '@refute/shared';
import { insertOnce } from '../../db/insertOnce';
import { AppError } from '../../http/errors';
import type { Scheduler } from '../../jobs/scheduler';
import { recordAudit } from '../audit/service';
import { reportClaim } from '../claims/intake';
import { ImportChunkModel, ImportJobModel, ImportLeaseModel, type ImportJobRecord } from './model';

/** A lease older than this belongs to a process that died: its chunk is taken up again. */
const STALE_LEASE_MS = 2 * 60_000;
const POLL_MS = 500;
const ROWS_AT_ONCE = 4;

interface ChunkOutcome {
  created: number;
  repeated: number;
  failed: number;
  errors: ImportRowError[];
}

async function importRow(job: ImportJobRecord, row: number, text: string, outcome: ChunkOutcome): Promise<void> {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'string') {
    outcome.failed++;
    outcome.errors.push({ row, field: '', message: value });
    return;
  }
  const parsed = claimReportSchema.safeParse(value);
  if (!parsed.success) {
    outcome.failed++;
    for (const issue of parsed.error.issues) outcome.errors.push({ row, field: issue.path.join('.'), message: issue.message });
    return;
  }
  try {
    const { created } = await reportClaim({ orgId: job.orgId, moderatorId: String(job.userId) }, parsed.data);
    if (created) outcome.created++;
    else outcome.repeated++;
  } catch (error) {
    // A row intake refuses (an externalId reused for another text) is that row's problem; anything else stops the chunk.
    if (!(error instanceof AppError && error.isPublic)) throw error;
    outcome.failed++;
    outcome.errors.push({ row, field: error.code === 'idempotency_conflict' ? 'externalId' : '', message: error.message });
  }
}

/** Takes the lease of the job's next chunk, or frees a lease left by a dead process; true when taken. */
async function leaseNextChunk(job: ImportJobRecord, leaseId: string): Promise<boolean> {
  if (await insertOnce(ImportLeaseModel, { _id: leaseId, jobId: job._id, at: new Date() })) return true;
  const lease = await ImportLeaseModel.findById(leaseId).lean();
  if (lease && Date.now() - lease.at.getTime() > STALE_LEASE_MS) await ImportLeaseModel.deleteOne({ _id: leaseId, at: lease.at });
  return false;
}

async function processNextChunk(seen: ImportJobRecord): Promise<void> {
  const n = seen.nextChunk;
  const leaseId = `${String(seen._id)}:${n}`;
  if (!(await leaseNextChunk(seen, leaseId))) return;
  try {
    // Read again under the lease: another process may have finished this chunk meanwhile.
    const job = await ImportJobModel.findById(seen._id).lean<ImportJobRecord>();
    if (!job || job.status !== 'running' || job.nextChunk !== n) return;
    const startedAt = job.startedAt ?? new Date();
    const chunk = await ImportChunkModel.findById(leaseId).lean();
    const outcome: ChunkOutcome = { created: 0, repeated: 0, failed: 0, errors: [] };
    const rows = chunk?.rows ?? [];
    // A few rows at a time: intake's writes overlap (it is safe under concurrency: idempotent per
    // externalId, one case per identical text), which a one-by-one import would leave unused.
    let next = 0;
    await Promise.all(
      Array.from({ length: ROWS_AT_ONCE }, async () => {
        for (let index = next++; index < rows.length; index = next++) await importRow(job, (chunk?.firstRow ?? 0) + index, rows[index]!, outcome);
      }),
    );
    outcome.errors.sort((a, b) => a.row - b.row);
    await ImportChunkModel.updateOne({ _id: leaseId }, { $set: { rowErrors: outcome.errors } });
    const done = n + 1 >= job.chunks;
    const finishedAt = done ? new Date() : null;
    await ImportJobModel.updateOne(
      { _id: job._id },
      {
        $set: {
          nextChunk: n + 1,
          processed: job.processed + rows.length,
          created: job.created + outcome.created,
          repeated: job.repeated + outcome.repeated,
          failed: job.failed + outcome.failed,
          startedAt,
          status: done ? 'done' : 'running',
          finishedAt,
        },
      },
    );
    if (done) {
      await recordAudit({
        action: 'import.completed',
        actor: { kind: 'user', id: job.userId, orgId: job.orgId },
        subject: { kind: 'import', id: job._id },
        data: { total: job.total, created: job.created + outcome.created, repeated: job.repeated + outcome.repeated, failed: job.failed + outcome.failed },
        once: `import.completed:${String(job._id)}`,
      });
      await ImportLeaseModel.deleteMany({ jobId: job._id });
    }
  } catch (error) {
    // Free the chunk at once for the next round (this process or another) instead of waiting for the lease to go stale.
    await ImportLeaseModel.deleteOne({ _id: leaseId });
    throw error;
  }
}

/** One round: the next chunk of every running import. */
export async function processImports(): Promise<void> {
  const running = await ImportJobModel.find({ status: 'running' }).lean<ImportJobRecord[]>();
  for (const job of running) await processNextChunk(job);
}

export function startImports(scheduler: Scheduler): () => void {
  return scheduler.every('imports.process', POLL_MS, processImports);
}
