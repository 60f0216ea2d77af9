/**
 * Reviewers' corrections of the matching: merge a case into another, or move a report out of
 * its case into a case of its own. Both are audited, and matching follows them afterwards:
 * the index points at reports, whose case changes here, and exact-text keys are moved along.
 * Both are also stored as decisions on a pair (notSameClaim.ts): a moved-out report's text is
 * never joined to its former case again, and a merge is a labelled pair of the same claim.
 */
import { Types } from 'mongoose';
import { REGROUPABLE_STATUSES, type SessionUser } from '@refute/shared';
import { conflict, notFound, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { countCaseReports, findClaimInCase, moveCaseReports, moveClaimOut } from '../claims/repository';
import { CaseKeyModel } from '../matching/caseKeyModel';
import { publishToIndex } from '../matching/liveIndex';
import { exactMatchKey } from '../matching/normalize';
import { requireOnCaseTeam } from './caseTeam';
import { coresBeforeMerge, recordMerged, recordMovedOut } from './notSameClaim';
import type { CaseRecord } from './model';
import { scheduler } from '../../jobs/scheduler';
import { ensureCase, findCase, findMergedCases, reconcileCase, transitionCase } from './repository';

async function load(caseId: string | Types.ObjectId): Promise<CaseRecord> {
  const found = await findCase(caseId);
  if (!found) throw notFound('Case');
  return found;
}

/** Longer than the matching index's feed polling, with room for a slow intake. */
const MERGE_SETTLE_MS = 1_500;

/**
 * Only the case's assignees and leads change which reports it holds, and only while it is being
 * worked on: a published verdict answers for exactly the reports it was approved with. A case
 * merged away disappears, so one whose verdict is public (reopened for a correction) never is.
 */
function requireRegroupRight(user: SessionUser, record: CaseRecord, role: 'kept' | 'merged away'): void {
  requireOnCaseTeam(user, record);
  if (record.status === 'published') {
    throw conflict('case_published', 'The case is published: reopen it for a correction before changing which reports it holds', { status: record.status });
  }
  if (record.status === 'merged') {
    throw conflict('invalid_state', 'The case was merged; change the reports of the case it was merged into', { status: record.status });
  }
  if (role === 'merged away' && record.publicationId) {
    throw conflict('case_published', 'A case with a published verdict cannot be merged away; merge the other case into it instead', { status: record.status });
  }
  if (!REGROUPABLE_STATUSES.includes(record.status)) {
    throw conflict('invalid_state', `The case is ${record.status}; return it before changing which reports it holds`, { status: record.status });
  }
}

/** Tells the case's assignees (but the one who acted) that its reports changed. */
function announceRegroup(user: SessionUser, record: CaseRecord): void {
  const recipientIds = record.assigneeIds.map(String).filter((id) => id !== user.id);
  if (recipientIds.length > 0) domainEvents.emit('case.regrouped', { caseId: String(record._id), title: record.title, actor: { id: user.id, name: user.name }, recipientIds });
}

/** Folds `sourceId` into `targetId`. Repeating it completes a merge that was cut short. */
export async function mergeCase(user: SessionUser, sourceId: string, targetId: string): Promise<void> {
  if (sourceId === targetId) throw unprocessable('same_case', 'A case cannot be merged into itself');
  const [source, target] = await Promise.all([load(sourceId), load(targetId)]);
  // Repeating a merge that was cut short completes it.
  const alreadyMerged = source.status === 'merged' && Boolean(source.mergedInto?.equals(target._id));
  if (alreadyMerged) requireOnCaseTeam(user, source);
  else requireRegroupRight(user, source, 'merged away');
  requireRegroupRight(user, target, 'kept');
  // Read before the reports move: afterwards the source holds none.
  const cores = alreadyMerged ? null : await coresBeforeMerge(source, target);
  if (!alreadyMerged) {
    const changedMeanwhile = () => conflict('concurrent_change', 'The case changed meanwhile; reload and try again');
    // The target takes a step too (its state unchanged), so merges that cross (A into B while B
    // goes into A or elsewhere) compete for the same transition and cannot both succeed.
    await transitionCase(target, 'case.merged_from', user.id, {}, changedMeanwhile);
    await transitionCase(source, 'case.merged', user.id, { status: 'merged', mergedInto: target._id }, changedMeanwhile);
  }
  // Every process learns of the merge before the reports move, and sends new reports of the
  // source to the target from then on.
  await publishToIndex([{ kind: 'merge', caseId: String(source._id), into: String(target._id) }]);
  const moved = await moveCaseReports(source._id, target._id);
  await CaseKeyModel.updateMany({ caseId: source._id }, { $set: { caseId: target._id } });
  await Promise.all([reconcileCase(source._id), reconcileCase(target._id)]);
  domainEvents.emit('reports.moved', { toCaseId: String(target._id) });
  // A report that was matched to the source just before the merge became known, and stored just
  // after the move, is caught by a second move once every process knows of the merge: in the
  // background, not inside the request; after a crash, `completeMerges` at start does it.
  scheduler.after('merge.second-pass', MERGE_SETTLE_MS, async () => void (await followMerge(source._id, target._id)));
  if (!alreadyMerged) {
    const actor = { kind: 'user' as const, id: user.id, orgId: user.orgId };
    await recordAudit({ action: 'case.merged', actor, subject: { kind: 'case', id: source._id }, data: { into: String(target._id), reports: moved } });
    await recordAudit({ action: 'case.merged_from', actor, subject: { kind: 'case', id: target._id }, data: { from: String(source._id), reports: moved } });
    announceRegroup(user, source);
    announceRegroup(user, target);
  }
  if (cores) await recordMerged(user, source, target, cores);
}

async function followMerge(sourceId: Types.ObjectId, targetId: Types.ObjectId): Promise<number> {
  const late = await moveCaseReports(sourceId, targetId);
  if (late > 0) await Promise.all([reconcileCase(sourceId), reconcileCase(targetId)]);
  return late;
}

/** At start: reports still filed under a merged case (a second pass cut short by a stop) follow the merge. */
export async function completeMerges(): Promise<number> {
  const merged = await findMergedCases();
  let moved = 0;
  for (const record of merged) if (record.mergedInto) moved += await followMerge(record._id, record.mergedInto);
  return moved;
}

/** Moves one report out of its case into a new case of its own; returns the new case's id. */
export async function moveReportOut(user: SessionUser, caseId: string, claimId: string): Promise<Types.ObjectId> {
  const source = await load(caseId);
  requireRegroupRight(user, source, 'kept');
  const claim = await findClaimInCase(claimId, source._id);
  if (!claim) throw notFound('Report in this case');
  if ((await countCaseReports(source._id)) < 2) {
    throw unprocessable('last_report', 'The only report of a case cannot be moved out of it');
  }
  // A step of the source's own: a merge of the source racing this move-out competes for it.
  await transitionCase(source, 'case.report_moved', user.id, {}, () => conflict('concurrent_change', 'The case changed meanwhile; reload and try again'));
  const newCaseId = new Types.ObjectId();
  await ensureCase(newCaseId, { text: claim.text, language: claim.language, receivedAt: new Date(), emergency: claim.emergency ?? false });
  if (!(await moveClaimOut(claim._id, source._id, newCaseId))) throw conflict('concurrent_change', 'The report was moved meanwhile; reload and try again');
  // Reports with this exact text, or close to it, now belong with the moved report.
  await CaseKeyModel.updateOne({ _id: exactMatchKey(claim.normalizedText, claim.text) }, { $set: { caseId: newCaseId } }, { upsert: true });
  await publishToIndex([
    {
      kind: 'report',
      claimId: String(claim._id),
      caseId: String(newCaseId),
      features: claim.matchTokens ?? [],
      // What its new case is about, as a rebuilt index reads it too (`isCoreReport`).
      core: true,
      reachScore: claim.reachScore ?? 0,
      emergency: claim.emergency ?? false,
      receivedAt: claim.receivedAt.getTime(),
    },
    { kind: 'key', key: exactMatchKey(claim.normalizedText, claim.text), caseId: String(newCaseId) },
  ]);
  await Promise.all([reconcileCase(source._id), reconcileCase(newCaseId)]);
  // Moving a report out says it is not the source's claim: the matcher never joins its text there again.
  await recordMovedOut(user, claim, source);
  domainEvents.emit('reports.moved', { toCaseId: String(newCaseId) });
  const actor = { kind: 'user' as const, id: user.id, orgId: user.orgId };
  const data = { claimId: String(claim._id), from: String(source._id), to: String(newCaseId) };
  await recordAudit({ action: 'case.report_moved', actor, subject: { kind: 'case', id: source._id }, data });
  await recordAudit({ action: 'case.report_moved', actor, subject: { kind: 'case', id: newCaseId }, data });
  announceRegroup(user, source);
  return newCaseId;
}
