import { EventEmitter } from 'node:events';
import type { CommentView, Draft, HotspotView, Language, NotificationView, ServerToClientEvents } from '@refute/shared';

/**
 * Domain events inside one process. Services announce what changed; the socket gateway turns
 * them into socket.io events with the same names.
 */
interface DomainEventMap {
  'case.updated': [caseId: string];
  /** Many cases were written at once (a field migration): what is kept of them is read anew. */
  'cases.rewritten': [];
  'publication.created': Parameters<ServerToClientEvents['publication.created']>;
  'session.revoked': [tokenHash: string];
  'draft.saved': [caseId: string, draft: Draft];
  'comment.created': [comment: CommentView];
  'notification.created': [recipientId: string, notification: NotificationView];
  'case.assigned': [assignment: { caseId: string; assigneeId: string; assignedBy: string }];
  /** Someone changed which reports a case holds; its other assignees are told. */
  'case.regrouped': [change: CaseChangeNotice];
  /** A lead reopened a published case for a correction; its assignees are told. */
  'case.reopened': [change: CaseChangeNotice];
  /** An expert submitted the draft; the leads of their organisation are told. */
  'case.submitted': [change: CaseChangeNotice];
  /** A lead returned the draft with a comment; its authors are told. */
  'case.returned': [change: CaseChangeNotice & { comment: string }];
  /** A lead approved the draft and it is published; its authors are told. */
  'case.approved': [change: CaseChangeNotice];
  /** A case or a topic became a hotspot (announced by the process that recorded it). */
  'hotspot.detected': [hotspot: HotspotView];
  /** A report was stored for the first time (not on a retried request). */
  'report.stored': [report: StoredReport];
  /** A case document was created (from its first report, or a report moved out). */
  'case.opened': [caseId: string];
  /** A workflow step of a case was recorded as transition `seq`. */
  'case.transitioned': [caseId: string, seq: number];
  /** The account is disabled: its sockets are cut off at once. */
  'user.disabled': [userId: string];
}

/** What rollups count of a stored report (see features/insights). */
export interface StoredReport {
  caseId: string;
  platformId: string;
  region: string | null;
  language: Language;
  receivedAt: Date;
}

/** A change of a case that its assignees (but the one who made it) are told of. */
export interface CaseChangeNotice {
  caseId: string;
  title: string;
  actor: { id: string; name: string };
  recipientIds: string[];
}

export const domainEvents = new EventEmitter<DomainEventMap>();
// Several gateways (one per test app) may listen in one process.
domainEvents.setMaxListeners(100);
