/**
 * Works through running imports, one chunk at a time, on the scheduler of every process. A
 * chunk is worked on by the process whose insert of its lease succeeded, in bulk
 * (`claims/bulkIntake.ts`); the job then moves on to the next chunk. After a crash the job
 * resumes at its `nextChunk`: the rows of the chunk cut short that were stored are completed by
 * intake (idempotent per externalId), the others placed, so nothing is created twice or lost.
 */
import { claimReportSchema, type ClaimReport, type ImportRowError } from '@refute/shared';
import { insertOnce } from '../../db/insertOnce';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { reportClaimsInBulk } from '../claims/bulkIntake';
import { ImportChunkModel, ImportJobModel, ImportLeaseModel, type ImportJobRecord } from './model';

/** A lease older than this belongs to a process that died: its chunk is taken up again. */
const STALE_LEASE_MS = 2 * 60_000;
/** Rounds follow each other at least this closely while imports run (at once after a worked chunk)… */
const POLL_MS = 500;
/**
 * …and while none does, the running jobs are read only this often: an upload to this process
 * wakes its worker at once (`import.created`), so this bounds only how soon another process
 * helps with an upload, or takes up one whose process died.
 */
const IDLE_POLL_MS = 5_000;

interface ChunkOutcome {
  created: number;
  repeated: number;
  failed: number;
  errors: ImportRowError[];
}

/** The field a refusal of intake is about. */
const FIELD_OF_REFUSAL: Record<string, string> = { idempotency_conflict: 'externalId', unknown_region: 'region' };

/**
 * Validates the chunk's rows and reports the valid ones through bulk intake (the same decisions
 * as `POST /claims`, one report after another); a bad row is recorded and never stops the others.
 */
async function importRows(job: ImportJobRecord, chunk: { firstRow: number; rows: string[] }, completeStored: boolean): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { created: 0, repeated: 0, failed: 0, errors: [] };
  const valid: Array<{ row: number; report: ClaimReport }> = [];
  chunk.rows.forEach((text, index) => {
    const row = chunk.firstRow + index;
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string') {
      outcome.failed++;
      outcome.errors.push({ row, field: '', message: value });
      return;
    }
    const parsed = claimReportSchema.safeParse(value);
    if (parsed.success) {
      valid.push({ row, report: parsed.data });
      return;
    }
    outcome.failed++;
    for (const issue of parsed.error.issues) outcome.errors.push({ row, field: issue.path.join('.'), message: issue.message });
  });
  const results = await reportClaimsInBulk({ orgId: job.orgId, moderatorId: String(job.userId) }, valid.map(({ report }) => report), { completeStored });
  results.forEach((result, index) => {
    if (result.status === 'created') outcome.created++;
    else if (result.status === 'repeated') outcome.repeated++;
    else {
      outcome.failed++;
      outcome.errors.push({ row: valid[index]!.row, field: FIELD_OF_REFUSAL[result.error.code] ?? '', message: result.error.message });
    }
  });
  outcome.errors.sort((a, b) => a.row - b.row);
  return outcome;
}

/** Takes the lease of the job's next chunk, or frees a lease left by a dead process; true when taken. */
async function leaseNextChunk(job: ImportJobRecord, leaseId: string): Promise<boolean> {
  if (await insertOnce(ImportLeaseModel, { _id: leaseId, jobId: job._id, at: new Date() })) return true;
  const lease = await ImportLeaseModel.findById(leaseId).lean();
  if (lease && Date.now() - lease.at.getTime() > STALE_LEASE_MS) await ImportLeaseModel.deleteOne({ _id: leaseId, at: lease.at });
  return false;
}

/** Works the job's next chunk unless another process holds it; true when this process worked it. */
async function processNextChunk(seen: ImportJobRecord): Promise<boolean> {
  const n = seen.nextChunk;
  const leaseId = `${String(seen._id)}:${n}`;
  if (!(await leaseNextChunk(seen, leaseId))) return false;
  try {
    // Read again under the lease: another process may have finished this chunk meanwhile.
    const job = await ImportJobModel.findById(seen._id).lean<ImportJobRecord>();
    if (!job || job.status !== 'running' || job.nextChunk !== n) return false;
    const startedAt = job.startedAt ?? new Date();
    const chunk = await ImportChunkModel.findById(leaseId).lean();
    const rows = chunk?.rows ?? [];
    // Marked before anything is written: if this chunk is cut short, whoever takes it up next completes its stored rows.
    const cutShort = Boolean(chunk?.startedAt);
    if (chunk && !cutShort) await ImportChunkModel.updateOne({ _id: leaseId }, { $set: { startedAt: new Date() } });
    const outcome = await importRows(job, { firstRow: chunk?.firstRow ?? 0, rows }, cutShort);
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
    return true;
  } catch (error) {
    // Free the chunk at once for the next round (this process or another) instead of waiting for the lease to go stale.
    await ImportLeaseModel.deleteOne({ _id: leaseId });
    throw error;
  }
}

/** One round: the next chunk of every running import; how many were running, and how many chunks this process worked. */
export async function processImports(): Promise<{ running: number; worked: number }> {
  const running = await ImportJobModel.find({ status: 'running' }).lean<ImportJobRecord[]>();
  let worked = 0;
  for (const job of running) if (await processNextChunk(job)) worked++;
  return { running: running.length, worked };
}

export function startImports(scheduler: Scheduler): () => void {
  // The first round reads at once: imports left running by a stopped process resume.
  let busy = true;
  let lastRead = 0;
  const wake = () => {
    busy = true;
  };
  domainEvents.on('import.created', wake);
  let stopped = false;
  const stop = scheduler.every('imports.process', POLL_MS, async () => {
    if (!busy && Date.now() - lastRead < IDLE_POLL_MS) return;
    // A round that worked a chunk is followed at once by the next: a chunk takes about a second,
    // and half a second's wait after each would add a third to an import. A round whose chunks
    // other processes hold waits for the next tick.
    let worked: number;
    do {
      lastRead = Date.now();
      // Woken meanwhile: the next round reads again even if this one found nothing yet.
      busy = false;
      const round = await processImports();
      if (round.running > 0) busy = true;
      worked = round.worked;
    } while (worked > 0 && !stopped);
  });
  return () => {
    stopped = true;
    domainEvents.off('import.created', wake);
    stop();
  };
}
