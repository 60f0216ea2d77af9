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
      decided = { ...decided, outcome: 'joined', method: 'exact', similarity: 1, probability: 1, answerable: true, sharedTerms: [], candidateCaseId: owner };
      await setClaimCase(claim._id, { caseId, match: decided });
    }
  }
  // An exact-key join may name a case whose opener has not created it yet: whichever comes first does.
  if (opened || decided?.method === 'exact') {
    const seed = { text: claim.text, language: claim.language, receivedAt: claim.receivedAt, reachScore: claim.reachScore ?? 0, emergency: claim.emergency ?? false, region: claim.region };
    openedCase = await ensureCase(caseId, seed, ownsKey ? suggestions : []);
    if (openedCase || (opened && ownsKey)) {
      audits.push({ action: 'case.opened', actor, subject: { kind: 'case', id: caseId }, data: { claimId: String(claim._id) }, once: `case.opened:${String(caseId)}` });
    }
  }
  const entries: FeedEntry[] = [
    {
      kind: 'report',
      claimId: String(claim._id),
      caseId: String(caseId),
      features: claim.indexed === false ? undefined : (claim.matchTokens ?? []),
      core: isCoreReport({ match: decided, movedOut: claim.movedOut }),
      reachScore: claim.reachScore ?? 0,
      emergency: claim.emergency ?? false,
      receivedAt: claim.receivedAt.getTime(),
    },
  ];
  if (ownsKey) entries.push({ kind: 'key', key, caseId: String(caseId) });
  await publishToIndex(entries);
  const match = { ...decided, candidateCaseId: decided?.candidateCaseId ? String(decided.candidateCaseId) : null };
  audits.push({
    action: 'case.report_added',
    actor,
    subject: { kind: 'case', id: caseId },
    data: { claimId: String(claim._id), ...match },
    once: `case.report_added:${String(claim._id)}:${String(caseId)}`,
  });
  // A merge may have folded the case away meanwhile: the report follows its case's reports.
  const live = new Types.ObjectId((await indexReady()).liveCase(String(caseId)));
  if (!live.equals(caseId)) {
    await setClaimCase(claim._id, { caseId: live });
    await publishToIndex([{ ...entries[0]!, caseId: String(live) }]);
  }
  const index = await indexReady();
  return { caseId: live, openedWithCount: openedCase && live.equals(caseId) && index.reportsOf(String(live)).length === 1, audits };
}
