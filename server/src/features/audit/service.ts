import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { insertEachOnce } from '../../db/insertOnce';
import { auditSubjectsBackfilled } from './backfill';
import { AuditEventModel, type AuditEventRecord } from './model';

export type Actor =
  | { kind: 'user'; id: Types.ObjectId | string; orgId?: Types.ObjectId | string }
  | { kind: 'api_key'; id: Types.ObjectId | string; orgId?: Types.ObjectId | string }
  | { kind: 'system' };

export const SYSTEM_ACTOR: Actor = { kind: 'system' };

export interface AuditEntry {
  action: string;
  actor: Actor;
  subject: { kind: string; id: Types.ObjectId | string };
  data?: Record<string, unknown>;
  /**
   * Names an event that must be recorded exactly once however often its step is repeated (a
   * retried request completing what a crash cut short): the name fixes the event's id.
   */
  once?: string;
}

const idFor = (once: string) => new Types.ObjectId(createHash('sha256').update(once).digest('hex').slice(0, 24));

/** Appends one event to the audit log (once per `once` name, when given). */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await recordAudits([entry]);
}

/**
 * Appends events in one write (what one step records together). A `once` event already
 * recorded is refused by its id and left as it is; the others always have new ids.
 */
export async function recordAudits(entries: readonly AuditEntry[]): Promise<void> {
  await insertEachOnce(AuditEventModel, entries.map(eventOf));
}

function eventOf(entry: AuditEntry) {
  return {
    ...(entry.once ? { _id: idFor(entry.once) } : {}),
    at: new Date(),
    action: entry.action,
    actor: { kind: entry.actor.kind, id: entry.actor.kind === 'system' ? null : entry.actor.id },
    orgId: entry.actor.kind === 'system' ? null : (entry.actor.orgId ?? null),
    subject: entry.subject,
    subjectId: entry.subject.id,
    data: entry.data,
  };
}

export interface AuditView {
  id: string;
  action: string;
  actorId: string | null;
  actorKind: 'user' | 'api_key' | 'system';
  /** The actor's organisation: for an API key, the platform it belongs to. */
  actorOrgId: string | null;
  at: string;
  data?: Record<string, unknown>;
}

const TRAIL_MAX = 500;

/** The history of these subjects (a case and its publications), oldest first: one equality read each. */
export async function auditTrail(subjectIds: Array<Types.ObjectId | string>): Promise<AuditView[]> {
  const ids = subjectIds.map((id) => new Types.ObjectId(String(id)));
  const reads = ids.map((subjectId) => AuditEventModel.find({ subjectId }).lean<AuditEventRecord[]>());
  // Until older events carry subjectId, they are found by their nested subject as well.
  if (!(await auditSubjectsBackfilled())) reads.push(AuditEventModel.find({ subjectId: null, 'subject.id': { $in: ids } }).lean<AuditEventRecord[]>());
  const events = (await Promise.all(reads)).flat();
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || String(a._id).localeCompare(String(b._id)));
  return events.slice(0, TRAIL_MAX).map((event) => ({
    id: String(event._id),
    action: event.action,
    actorId: event.actor?.id ? String(event.actor.id) : null,
    actorKind: (event.actor?.kind ?? 'system'),
    actorOrgId: event.orgId ? String(event.orgId) : null,
    at: event.at.toISOString(),
    ...(event.data ? { data: event.data as Record<string, unknown> } : {}),
  }));
}
