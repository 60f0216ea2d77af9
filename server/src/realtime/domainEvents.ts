import { EventEmitter } from 'node:events';
import type { CaseRecord } from '../features/cases/model';
import type { CommentView, Draft, HotspotView, Language, NotificationView, ServerToClientEvents } from '@refute/shared';

/**
 * Domain events inside one process. Services announce what changed; the socket gateway turns
 * them into socket.io events with the same names.
 */
interface DomainEventMap {
  /** A case was written; its writer passes the document as written when it has it. */
  'case.updated': [caseId: string, written?: WrittenCase];
  /** Intake placed a report in its case (also on an idempotent retry, so a crash is completed). */
  'claim.reported': [report: ReportedClaim];
  /** A case document was created, by the process whose insert created it (from its first report, or a report moved out): routing ranks experts, insights count it. */
  'case.opened': [caseId: string, countedBy: string | null];
  /** A case moved up to the parent organisation at its deadline: routing ranks the new level's experts. */
  'case.escalated': [caseId: string];
  /** Many cases were written at once (a field migration): what is kept of them is read anew. */
  'cases.rewritten': [];
  'publication.created': Parameters<ServerToClientEvents['publication.created']>;
  /** Another process published a version (read from the index feed): what is kept of published documents is made again. */
  'publications.changed': [];
  'session.revoked': [tokenHash: string];
  /** A bulk import was stored: this process's worker starts on it at once. */
  'import.created': [jobId: string];
  'draft.saved': [caseId: string, draft: Draft];
  'comment.created': [comment: CommentView];
  'notification.created': [recipientId: string, notification: NotificationView];
  'case.assigned': [assignment: { caseId: string; assigneeId: string; assignedBy: string }];
  /** Reports moved to another case (a merge, or a report moved out): their platforms are told. */
  'reports.moved': [move: { toCaseId: string }];
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
  /** A workflow step of a case was recorded as transition `seq`. */
  'case.transitioned': [caseId: string, seq: number, countedBy: string | null];
  /** The account is disabled: its sockets are cut off at once. */
  'user.disabled': [userId: string];
  /** An expert's profile or account changed (null: many at once, as a bulk load): routing's copy of the pool is dropped. */
  'pool.changed': [userId: string | null];
}

/** A case document as its writer left it; `countersOnly` when only its report counters, lane and priority changed. */
export interface WrittenCase {
  record: CaseRecord;
  countersOnly: boolean;
}

/** A report as intake placed it, with its case's publication then current, if any. */
export interface ReportedClaim {
  /** False on a retried request that found the report stored already. */
  created: boolean;
  claimId: string;
  orgId: string;
  externalId: string;
  caseId: string;
  receivedAt: Date;
  region: string | null;
  language: Language;
  similarity: number | null;
  publicationId: string | null;
  /** The rollup writer that counts it (insights/countedBy.ts). */
  countedBy: string | null;
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
