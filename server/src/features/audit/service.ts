import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../http/errors';
import { AuditEventModel } from './model';

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
  try {
    await appendEvent(entry);
  } catch (error) {
    if (!(entry.once && isDuplicateKeyError(error))) throw error;
  }
}

async function appendEvent(entry: AuditEntry): Promise<void> {
  await AuditEventModel.create({
    ...(entry.once ? { _id: idFor(entry.once) } : {}),
    at: new Date(),
    action: entry.action,
    actor: { kind: entry.actor.kind, id: entry.actor.kind === 'system' ? null : entry.actor.id },
    orgId: entry.actor.kind === 'system' ? null : (entry.actor.orgId ?? null),
    subject: entry.subject,
    data: entry.data,
  });
}

export interface AuditView {
  id: string;
  action: string;
  actorId: string | null;
  at: string;
  data?: Record<string, unknown>;
}

export async function auditTrail(subjectIds: Array<Types.ObjectId | string>): Promise<AuditView[]> {
  const events = await AuditEventModel.find({ 'subject.id': { $in: subjectIds } })
    .sort({ at: 1, _id: 1 })
    .limit(500)
    .lean();
  return events.map((event) => ({
    id: String(event._id),
    action: event.action,
    actorId: event.actor?.id ? String(event.actor.id) : null,
    at: event.at.toISOString(),
    ...(event.data ? { data: event.data as Record<string, unknown> } : {}),
  }));
}
