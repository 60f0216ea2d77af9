/**
 * Intake of a platform's report. Idempotent on (platform, externalId): the report is matched
 * first, in memory, and stored once, with its case, under the unique (orgId, externalId) index;
 * a retried or concurrent duplicate request finds it there and repeats the steps after storing,
 * which are all safe to repeat, so a crash between steps is completed by the next retry.
 *
 * No step reads a whole collection: on the local engine (FerretDB v1, SQLite) only inserts and
 * lookups by _id avoid that, so the hot path is inserts, two _id lookups and one _id update.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { ClaimReport } from '@refute/shared';
import { badRequest, conflict, isDuplicateKeyError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit/service';
import { ensureCase } from '../cases/repository';
import { hasEmergencySignal, reachScore } from '../cases/triage';
import { claimKey, createSimilarityMatcher, type CaseMatcher, type MatchDecision } from '../matching/caseMatcher';
import { indexReady, isCoreReport, publishToIndex, type FeedEntry } from '../matching/liveIndex';
import type { CaseState } from '../matching/memoryIndex';
import { matchSettings } from '../matching/settings';
import { matchTokens } from '../matching/tokens';
import { detectLanguage, exactMatchKey, normalizeText } from '../matching/normalize';
import { isKnownRegion } from '../regions/regions';
import { updateCaseStats } from './caseStats';
import { ClaimModel, type ClaimRecord } from './model';

const defaultMatcher = createSimilarityMatcher();

/** Who reports: a platform's system by API key, or one of its moderators in the console. */
export type ReportingPlatform = { orgId: Types.ObjectId } & ({ apiKeyId: Types.ObjectId } | { moderatorId: string });

export interface IntakeResult {
  created: boolean;
  claim: ClaimRecord & { caseId: Types.ObjectId };
  /** The workflow status and publication of the report's case, as the matching index knows them. */
  caseState: CaseState;
}

export async function reportClaim(
  platform: ReportingPlatform,
  input: ClaimReport,
  matcher: CaseMatcher = defaultMatcher,
): Promise<IntakeResult> {
  const actor: Actor =
    'moderatorId' in platform ? { kind: 'user', id: platform.moderatorId, orgId: platform.orgId } : { kind: 'api_key', id: platform.apiKeyId, orgId: platform.orgId };
  if (input.region && !isKnownRegion(input.region)) throw badRequest('unknown_region', `${input.region} is not a GB/T 2260 region code`);
  const report = prepareClaim(platform.orgId, input);
  const decision = await matcher.decide(report);
  const { claim, created } = await insertClaimOnce(report, decision);
  // Recorded on every attempt, once: a retry after a crash completes the trail.
  await recordAudit({ action: 'claim.created', actor, subject: { kind: 'claim', id: claim._id }, data: { externalId: claim.externalId }, once: `claim.created:${String(claim._id)}` });
  const placed = hasCase(claim) ? claim : await placeLegacyClaim(claim, matcher);
  const { caseId, openedWithCount } = await settleCase(placed, decision.suggestions, created, actor);
  // A case this request opened already counts its one report (ensureCase announced it).
  if (!openedWithCount) await updateCaseStats(caseId);
  const caseState = (await indexReady()).caseState(String(caseId));
  return { created, claim: { ...placed, caseId }, caseState };
}

const hasCase = (claim: ClaimRecord): claim is ClaimRecord & { caseId: Types.ObjectId } => Boolean(claim.caseId);

function prepareClaim(orgId: Types.ObjectId, input: ClaimReport) {
  const now = new Date();
  const normalizedText = normalizeText(input.text);
  return {
    _id: new Types.ObjectId(),
    orgId,
    externalId: input.externalId,
    payloadHash: hashPayload(input),
    text: input.text,
    normalizedText,
    matchTokens: matchTokens(normalizedText, matchSettings().segmentation),
    language: input.language ?? detectLanguage(input.text),
    url: input.url,
    region: input.region,
    reach: { views: input.reach?.views ?? 0, shares: input.reach?.shares ?? 0, comments: input.reach?.comments ?? 0 },
    reachScore: reachScore(input.reach ?? {}),
    emergency: hasEmergencySignal(input.text),
    media: input.media ?? [],
    reportedAt: input.reportedAt ? new Date(input.reportedAt) : now,
    receivedAt: now,
  };
}

function matchRecord(decision: MatchDecision) {
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

async function insertClaimOnce(report: ReturnType<typeof prepareClaim>, decision: MatchDecision): Promise<{ claim: ClaimRecord; created: boolean }> {
  try {
    const doc = await ClaimModel.create({ ...report, caseId: decision.caseId, match: matchRecord(decision), indexed: decision.index });
    return { claim: doc.toObject(), created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await ClaimModel.findOne({ orgId: report.orgId, externalId: report.externalId }).lean<ClaimRecord>();
  if (!existing) throw new Error(`Claim ${report.externalId} vanished after a duplicate-key error`);
  if (existing.payloadHash !== report.payloadHash) {
    throw conflict(
      'idempotency_conflict',
      `externalId ${report.externalId} was already reported with different content`,
      { id: String(existing._id) },
    );
  }
  return { claim: existing, created: false };
}

/** A report stored without a case (by an earlier version of intake that stopped halfway) gets one now. */
async function placeLegacyClaim(claim: ClaimRecord, matcher: CaseMatcher): Promise<ClaimRecord & { caseId: Types.ObjectId }> {
  const decision = await matcher.decide({ ...claim, normalizedText: claim.normalizedText ?? '', matchTokens: claim.matchTokens ?? [] });
  const match = matchRecord(decision);
  await ClaimModel.updateOne({ _id: claim._id }, { $set: { caseId: decision.caseId, match, indexed: decision.index } });
  return { ...claim, caseId: decision.caseId, match, indexed: decision.index };
}

/**
 * Makes the stored report's case real: registers its text's key when it opened the case (a
 * report of the same text that registered first takes it into its case instead), creates the
 * case unless it exists, and tells the matching index. Returns the report's case, and whether
 * this call created it already counting the report as its only one.
 */
async function settleCase(
  claim: ClaimRecord & { caseId: Types.ObjectId },
  suggestions: MatchDecision['suggestions'],
  created: boolean,
  actor: Actor,
): Promise<{ caseId: Types.ObjectId; openedWithCount: boolean }> {
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
      await ClaimModel.updateOne({ _id: claim._id }, { $set: { caseId, match: decided } });
    }
  }
  // An exact-key join may name a case whose opener has not created it yet: whichever comes first does.
  if (opened || decided?.method === 'exact') {
    const seed = { text: claim.text, language: claim.language, receivedAt: claim.receivedAt, reachScore: claim.reachScore ?? 0, region: claim.region };
    openedCase = await ensureCase(caseId, seed, ownsKey ? suggestions : []);
    if (openedCase || (opened && ownsKey)) {
      await recordAudit({ action: 'case.opened', actor, subject: { kind: 'case', id: caseId }, data: { claimId: String(claim._id) }, once: `case.opened:${String(caseId)}` });
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
  await recordAudit({
    action: 'case.report_added',
    actor,
    subject: { kind: 'case', id: caseId },
    data: { claimId: String(claim._id), ...match },
    once: `case.report_added:${String(claim._id)}:${String(caseId)}`,
  });
  // A merge may have folded the case away meanwhile: the report follows its case's reports.
  const live = new Types.ObjectId((await indexReady()).liveCase(String(caseId)));
  if (!live.equals(caseId)) {
    await ClaimModel.updateOne({ _id: claim._id }, { $set: { caseId: live } });
    await publishToIndex([{ ...entries[0]!, caseId: String(live) }]);
  }
  const index = await indexReady();
  return { caseId: live, openedWithCount: openedCase && live.equals(caseId) && index.reportsOf(String(live)).length === 1 };
}

/** A hash of the request that ignores key order, so an identical retry always matches. */
export function hashPayload(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
