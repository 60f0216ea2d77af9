/**
 * Placing a stored report in its case: the step of intake after the report is stored, safe to
 * repeat. A report that opened a case registers its text's exact key (a report of the same
 * text that registered first takes it into its case instead), the case is created unless it
 * exists, every process's matching index is told, and a report whose case was merged away
 * meanwhile follows it.
 */
import { Types } from 'mongoose';
import type { Actor, AuditEntry } from '../audit/service';
import { ensureCase } from '../cases/repository';
import { claimKey, type CaseMatcher, type MatchDecision } from '../matching/caseMatcher';
import { indexReady, isCoreReport, publishToIndex, type FeedEntry } from '../matching/liveIndex';
import { exactMatchKey } from '../matching/normalize';
import type { ClaimRecord } from './model';
import { setClaimCase } from './repository';

/** How a report was matched, as it is stored with it. */
export function matchRecord(decision: MatchDecision) {
  return {
    outcome: decision.outcome,
    method: decision.method,
    similarity: decision.similarity,
    candidateCaseId: decision.candidateCaseId,
    joinThreshold: decision.joinThreshold,
    answerThreshold: decision.answerThreshold,
    suggestThreshold: decision.suggestThreshold,
    probability: decision.probability,
    answerable: decision.answerable,
    sharedTerms: decision.sharedTerms,
  };
}

/** A report stored without a case (by an earlier version of intake that stopped halfway) gets one now. */
export async function placeLegacyClaim(claim: ClaimRecord, matcher: CaseMatcher): Promise<ClaimRecord & { caseId: Types.ObjectId }> {
  const decision = await matcher.decide({ ...claim, normalizedText: claim.normalizedText ?? '', matchTokens: claim.matchTokens ?? [] });
  const match = matchRecord(decision);
  await setClaimCase(claim._id, { caseId: decision.caseId, match, indexed: decision.index });
  return { ...claim, caseId: decision.caseId, match, indexed: decision.index };
}

/** The match a report is stored with, once settled (`match` of the claim). */
export type StoredMatch = ClaimRecord['match'];

/** What a case opened from this report starts from. */
export function caseSeedOf(claim: ClaimRecord) {
  return { text: claim.text, language: claim.language, receivedAt: claim.receivedAt, reachScore: claim.reachScore ?? 0, emergency: claim.emergency ?? false, region: claim.region };
}

/** The report as every process's matching index learns of it. */
export function reportFeedEntry(claim: ClaimRecord, caseId: Types.ObjectId, decided: StoredMatch): FeedEntry {
  return {
    kind: 'report',
    claimId: String(claim._id),
    caseId: String(caseId),
    features: claim.indexed === false ? undefined : (claim.matchTokens ?? []),
    core: isCoreReport({ match: decided, movedOut: claim.movedOut }),
    reachScore: claim.reachScore ?? 0,
    emergency: claim.emergency ?? false,
    receivedAt: claim.receivedAt.getTime(),
  };
}

/** A report that opened a case and lost its text's key joins the case that holds the key. */
export function joinedByKey(decided: StoredMatch, owner: Types.ObjectId): StoredMatch {
  return { ...decided, outcome: 'joined', method: 'exact', similarity: 1, probability: 1, answerable: true, sharedTerms: [], candidateCaseId: owner };
}

export function caseOpenedAudit(actor: Actor, caseId: Types.ObjectId, claimId: Types.ObjectId): AuditEntry {
  return { action: 'case.opened', actor, subject: { kind: 'case', id: caseId }, data: { claimId: String(claimId) }, once: `case.opened:${String(caseId)}` };
}

export function reportAddedAudit(actor: Actor, claimId: Types.ObjectId, caseId: Types.ObjectId, decided: StoredMatch): AuditEntry {
  const match = { ...decided, candidateCaseId: decided?.candidateCaseId ? String(decided.candidateCaseId) : null };
  return {
    action: 'case.report_added',
    actor,
    subject: { kind: 'case', id: caseId },
    data: { claimId: String(claimId), ...match },
    once: `case.report_added:${String(claimId)}:${String(caseId)}`,
  };
}

export function claimCreatedAudit(actor: Actor, claim: Pick<ClaimRecord, '_id' | 'externalId'>): AuditEntry {
  return { action: 'claim.created', actor, subject: { kind: 'claim', id: claim._id }, data: { externalId: claim.externalId }, once: `claim.created:${String(claim._id)}` };
}

/**
 * Makes the stored report's case real: registers its text's key when it opened the case (a
 * report of the same text that registered first takes it into its case instead), creates the
 * case unless it exists, and tells the matching index. Returns the report's case, whether this
 * call created it already counting the report as its only one, and the audit events of these
 * steps, for the caller to record with its own in one write.
 */
export async function settleCase(
  claim: ClaimRecord & { caseId: Types.ObjectId },
  suggestions: MatchDecision['suggestions'],
  created: boolean,
  actor: Actor,
): Promise<{ caseId: Types.ObjectId; openedWithCount: boolean; audits: AuditEntry[] }> {
  const audits: AuditEntry[] = [];
  let caseId = claim.caseId;
  let decided = claim.match;
  const opened = decided?.outcome !== 'joined';
  const key = exactMatchKey(claim.normalizedText ?? '', claim.text);
  let ownsKey = false;
  let openedCase = false;
  if (opened) {
    const owner = await claimKey(key, caseId);
    ownsKey = owner.equals(caseId);
    // A report that opened a case joins the case registered first for its text instead; a retry
    // racing the request that stored it does the same, so neither writes a case left empty. A
    // report a reviewer moved out stays where the reviewer put it.
    if (!ownsKey && !claim.movedOut) {
      caseId = owner;
      decided = joinedByKey(decided, owner);
      await setClaimCase(claim._id, { caseId, match: decided });
    }
  }
  // An exact-key join may name a case whose opener has not created it yet: whichever comes first does.
  if (opened || decided?.method === 'exact') {
    openedCase = await ensureCase(caseId, caseSeedOf(claim), ownsKey ? suggestions : []);
    if (openedCase || (opened && ownsKey)) audits.push(caseOpenedAudit(actor, caseId, claim._id));
  }
  const entries: FeedEntry[] = [reportFeedEntry(claim, caseId, decided)];
  if (ownsKey) entries.push({ kind: 'key', key, caseId: String(caseId) });
  await publishToIndex(entries);
  audits.push(reportAddedAudit(actor, claim._id, caseId, decided));
  // A merge may have folded the case away meanwhile: the report follows its case's reports.
  const live = new Types.ObjectId((await indexReady()).liveCase(String(caseId)));
  if (!live.equals(caseId)) {
    await setClaimCase(claim._id, { caseId: live });
    await publishToIndex([{ ...entries[0]!, caseId: String(live) }]);
  }
  const index = await indexReady();
  return { caseId: live, openedWithCount: openedCase && live.equals(caseId) && index.reportsOf(String(live)).length === 1, audits };
}
