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
import { engine } from '../../engine';
import { domainEvents, type ReportedClaim } from '../../realtime/domainEvents';
import { badRequest, conflict, isDuplicateKeyError } from '../../http/errors';
import { recordAudits, type Actor } from '../audit/service';
import { hasEmergencySignal, reachScore } from '../cases/triage';
import { createSimilarityMatcher, type CaseMatcher, type MatchDecision } from '../matching/caseMatcher';
import { indexReady } from '../matching/liveIndex';
import type { CaseState } from '../matching/memoryIndex';
import { matchSettings } from '../matching/settings';
import { matchTokens, TOKENIZER_VERSION } from '../matching/tokens';
import { detectLanguage, normalizeText } from '../matching/normalize';
import { currentCountedBy } from '../insights/countedBy';
import { isKnownRegion } from '../regions/regions';
import type { ClaimRecord } from './model';
import { claimCreatedAudit, placeLegacyClaim, settleCase, matchRecord } from './placement';
import { findClaimByExternalId, insertClaim } from './repository';

/** The matcher of intake, single or bulk: one set of rules for where a report goes. */
export const intakeMatcher = createSimilarityMatcher();

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
  matcher: CaseMatcher = intakeMatcher,
): Promise<IntakeResult> {
  const actor = actorOf(platform);
  checkRegion(input);
  const report = prepareClaim(platform.orgId, input);
  const decision = await matcher.decide(report);
  const { claim, created } = await insertClaimOnce(report, decision);
  const placed = hasCase(claim) ? claim : await placeLegacyClaim(claim, matcher);
  const { caseId, openedWithCount, audits } = await settleCase(placed, decision.suggestions, created, actor);
  // Recorded on every attempt, each event once, in one write: a retry after a crash completes the trail.
  await recordAudits([claimCreatedAudit(actor, claim), ...audits]);
  // A case this request opened already counts its one report (ensureCase announced it).
  if (!openedWithCount) await engine().counters.update(caseId);
  const caseState = (await indexReady()).caseState(String(caseId));
  domainEvents.emit('claim.reported', reportedClaim(created, placed, caseId, caseState));
  return { created, claim: { ...placed, caseId }, caseState };
}

export function actorOf(platform: ReportingPlatform): Actor {
  return 'moderatorId' in platform ? { kind: 'user', id: platform.moderatorId, orgId: platform.orgId } : { kind: 'api_key', id: platform.apiKeyId, orgId: platform.orgId };
}

/** Refuses a report naming a region that is not one of China's divisions. */
export function checkRegion(input: ClaimReport): void {
  if (input.region && !isKnownRegion(input.region)) throw badRequest('unknown_region', `${input.region} is not a GB/T 2260 region code`);
}

/** How a placed report is announced (`claim.reported`): to the platform's room, rollups, webhooks. */
export function reportedClaim(created: boolean, claim: ClaimRecord, caseId: Types.ObjectId, caseState: CaseState): ReportedClaim {
  return {
    created,
    claimId: String(claim._id),
    orgId: String(claim.orgId),
    externalId: claim.externalId,
    caseId: String(caseId),
    receivedAt: claim.receivedAt,
    region: claim.region ?? null,
    language: claim.language,
    similarity: claim.match?.similarity ?? null,
    publicationId: caseState.publicationId ?? null,
    countedBy: claim.countedBy ?? null,
  };
}

/** The conflict of an externalId already reported with other content (a retry must repeat it exactly). */
export function idempotencyConflict(externalId: string, existingId: Types.ObjectId) {
  return conflict('idempotency_conflict', `externalId ${externalId} was already reported with different content`, { id: String(existingId) });
}

const hasCase = (claim: ClaimRecord): claim is ClaimRecord & { caseId: Types.ObjectId } => Boolean(claim.caseId);

export type PreparedClaim = ReturnType<typeof prepareClaim>;

/** The report as it is stored, before matching: normalised text, features, triage inputs. */
export function prepareClaim(orgId: Types.ObjectId, input: ClaimReport) {
  const now = new Date();
  const normalizedText = normalizeText(input.text);
  return {
    _id: new Types.ObjectId(),
    orgId,
    externalId: input.externalId,
    payloadHash: hashPayload(input),
    text: input.text,
    normalizedText,
    matchTokens: matchTokens(normalizedText, matchSettings().segmentation, input.text),
    tokenizerVersion: TOKENIZER_VERSION,
    language: input.language ?? detectLanguage(input.text),
    url: input.url,
    region: input.region,
    reach: { views: input.reach?.views ?? 0, shares: input.reach?.shares ?? 0, comments: input.reach?.comments ?? 0 },
    reachScore: reachScore(input.reach ?? {}),
    // The platform's own flag, or what the text says of itself.
    emergency: input.emergency === true || hasEmergencySignal(input.text),
    media: input.media ?? [],
    reportedAt: input.reportedAt ? new Date(input.reportedAt) : now,
    receivedAt: now,
    countedBy: currentCountedBy() ?? undefined,
  };
}

async function insertClaimOnce(report: ReturnType<typeof prepareClaim>, decision: MatchDecision): Promise<{ claim: ClaimRecord; created: boolean }> {
  try {
    const claim = await insertClaim({ ...report, caseId: decision.caseId, match: matchRecord(decision), indexed: decision.index });
    return { claim, created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await findClaimByExternalId(report.orgId, report.externalId);
  if (!existing) throw new Error(`Claim ${report.externalId} vanished after a duplicate-key error`);
  if (existing.payloadHash !== report.payloadHash) {
    throw idempotencyConflict(report.externalId, existing._id);
  }
  return { claim: existing, created: false };
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
