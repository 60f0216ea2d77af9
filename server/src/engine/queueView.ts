/**
 * The local engine's active queue, held in this process's memory. FerretDB v1 pushes the
 * queue's equality on `queueActive` down but neither its sort nor its limit: every page would
 * read and sort every active case, seconds at tens of thousands. The view reads the active
 * cases once, then re-reads by _id (served from an index) each case written since: writes of
 * this process are known from its domain events before its next page; writes of other
 * processes arrive as `touch` entries of the index feed, within a poll.
 */
import { Types } from 'mongoose';
import { CaseModel } from '../features/cases/model';
import { onFeedEntry, publishToIndex } from '../features/matching/liveIndex';
import { scheduler } from '../jobs/scheduler';
import { domainEvents } from '../realtime/domainEvents';
import { casesByIdOneByOne, QUEUE_ROW_FIELDS, type CaseReads, type QueueRow, type QueueScope } from './caseReads';

/** Touches are sent in batches: a burst of writes to cases costs one feed insert. */
const ANNOUNCE_AFTER_MS = 50;
const REFRESH_CONCURRENCY = 16;

function inScope(row: QueueRow, scope: QueueScope): boolean {
  if (scope.topic !== undefined && row.topic !== scope.topic) return false;
  if (scope.assigneeIds !== undefined && !(row.assigneeIds ?? []).some((id) => String(id) === scope.assigneeIds)) return false;
  return true;
}

class QueueView {
  private rows = new Map<string, QueueRow>();
  private loading: Promise<void> | null = null;
  /** Written since last read; re-read before the next page. */
  private readonly stale = new Set<string>();
  /** Written here and not yet announced to the other processes. */
  private readonly unannounced = new Set<string>();
  /** Re-reads run one after another, so an older read never lands after a newer one. */
  private refreshing: Promise<void> = Promise.resolve();

  constructor() {
    domainEvents.on('case.updated', (caseId) => {
      this.stale.add(caseId);
      if (this.unannounced.size === 0) scheduler.after('queue-view.announce', ANNOUNCE_AFTER_MS, () => this.announce());
      this.unannounced.add(caseId);
    });
    domainEvents.on('cases.rewritten', () => {
      this.loading = null;
    });
    onFeedEntry((entry) => {
      if (entry.kind === 'touch') this.stale.add(entry.caseId);
    });
  }

  async activeRows(scope: QueueScope): Promise<QueueRow[]> {
    await this.load();
    this.refreshing = this.refreshing.then(() => this.refresh());
    await this.refreshing;
    return [...this.rows.values()].filter((row) => inScope(row, scope));
  }

  /** Reads every active case, once (again after a failed read). */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const rows = await CaseModel.find({ queueActive: true }, QUEUE_ROW_FIELDS).lean<QueueRow[]>();
      this.rows = new Map(rows.map((row) => [String(row._id), row]));
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async refresh(): Promise<void> {
    const ids = [...this.stale];
    this.stale.clear();
    for (let from = 0; from < ids.length; from += REFRESH_CONCURRENCY) {
      await Promise.all(
        ids.slice(from, from + REFRESH_CONCURRENCY).map(async (id) => {
          const row = await CaseModel.findById(id, { ...QUEUE_ROW_FIELDS, queueActive: 1 }).lean<QueueRow & { queueActive?: boolean }>();
          if (row?.queueActive) this.rows.set(id, row);
          else this.rows.delete(id);
        }),
      );
    }
  }

  private async announce(): Promise<void> {
    const ids = [...this.unannounced];
    this.unannounced.clear();
    await publishToIndex(ids.map((caseId) => ({ kind: 'touch', caseId })));
  }
}

let view: QueueView | null = null;

/** The local engine's reads of cases: the queue from the view, pages one `_id` lookup per case. */
export function localEngineCases(): CaseReads {
  view ??= new QueueView();
  const current = view;
  return {
    activeRows: (scope) => current.activeRows(scope),
    byIds: (ids: readonly Types.ObjectId[]) => casesByIdOneByOne(ids),
    prepare: () => current.load(),
    // The view holds every active case: the pool's are found in memory.
    assignedTo: async (userIds) => {
      const wanted = new Set(userIds);
      return (await current.activeRows({})).filter((row) => (row.assigneeIds ?? []).some((id) => wanted.has(String(id))));
    },
  };
}
