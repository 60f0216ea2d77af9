/**
 * Intake of a platform's report. Idempotent on (platform, externalId): every step is safe to
 * repeat, so a retried or concurrent duplicate request finishes the same work and returns the
 * same report, and a crash between steps is completed by the next retry.
 */
import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { ClaimReport } from '@refute/shared';
import { conflict, isDuplicateKeyError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit/service';
import { liveCaseId, reconcileCase } from '../cases/repository';
import { hasEmergencySignal, reachScore } from '../cases/triage';
import { indexReport } from '../matching/candidateIndex';
import { createSimilarityMatcher, type CaseMatcher } from '../matching/caseMatcher';
import { matchSettings } from '../matching/settings';
import { matchTokens } from '../matching/tokens';
import { detectLanguage, normalizeText } from '../matching/normalize';
import { ClaimModel, type ClaimRecord } from './model';

const defaultMatcher = createSimilarityMatcher();

export interface ReportingPlatform {
  orgId: Types.ObjectId;
  apiKeyId: Types.ObjectId;
}

export interface IntakeResult {
  created: boolean;
  claim: ClaimRecord & { caseId: Types.ObjectId };
}

export async function reportClaim(
  platform: ReportingPlatform,
  input: ClaimReport,
  matcher: CaseMatcher = defaultMatcher,
): Promise<IntakeResult> {
  const actor: Actor = { kind: 'api_key', id: platform.apiKeyId, orgId: platform.orgId };
  const { claim, created } = await insertClaimOnce(platform.orgId, input);
  if (created) {
    await recordAudit({ action: 'claim.created', actor, subject: { kind: 'claim', id: claim._id }, data: { externalId: claim.externalId } });
  }
  const caseId = claim.caseId ?? (await attachToCase(claim, created, matcher, actor));
  await reconcileCase(caseId);
  return { created, claim: { ...claim, caseId } };
}

async function insertClaimOnce(orgId: Types.ObjectId, input: ClaimReport): Promise<{ claim: ClaimRecord; created: boolean }> {
  const payloadHash = hashPayload(input);
  const now = new Date();
  const normalizedText = normalizeText(input.text);
  try {
    const doc = await ClaimModel.create({
      orgId,
      externalId: input.externalId,
      payloadHash,
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
    });
    return { claim: doc.toObject() as ClaimRecord, created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const existing = await ClaimModel.findOne({ orgId, externalId: input.externalId }).lean<ClaimRecord>();
  if (!existing) throw new Error(`Claim ${input.externalId} vanished after a duplicate-key error`);
  if (existing.payloadHash !== payloadHash) {
    throw conflict(
      'idempotency_conflict',
      `externalId ${input.externalId} was already reported with different content`,
      { id: String(existing._id) },
    );
  }
  return { claim: existing, created: false };
}

/**
 * Puts the claim into its case. Concurrent repeats of one report reach the same decision, so
 * the write is the same whichever lands; the request that created the claim records it.
 */
async function attachToCase(claim: ClaimRecord, created: boolean, matcher: CaseMatcher, actor: Actor): Promise<Types.ObjectId> {
  const decision = await matcher.assign(claim);
  if (decision.opened) {
    await recordAudit({ action: 'case.opened', actor, subject: { kind: 'case', id: decision.caseId }, data: { claimId: String(claim._id) } });
  }
  const match = {
    outcome: decision.outcome,
    method: decision.method,
    similarity: decision.similarity,
    candidateCaseId: decision.candidateCaseId,
    joinThreshold: decision.joinThreshold,
    suggestThreshold: decision.suggestThreshold,
  };
  await ClaimModel.updateOne({ _id: claim._id, caseId: null }, { $set: { caseId: decision.caseId, match } });
  if (decision.index) await indexReport(claim._id, claim.matchTokens ?? [], matchSettings());
  if (created) {
    await recordAudit({
      action: 'case.report_added',
      actor,
      subject: { kind: 'case', id: decision.caseId },
      data: { claimId: String(claim._id), ...match, candidateCaseId: match.candidateCaseId ? String(match.candidateCaseId) : null },
    });
  }
  const attached = await ClaimModel.findById(claim._id, { caseId: 1 }).lean<ClaimRecord>();
  if (!attached?.caseId) throw new Error(`Claim ${String(claim._id)} has no case after attaching`);
  // A merge may have folded the case away meanwhile: the report follows its reports.
  const live = await liveCaseId(attached.caseId);
  if (!live.equals(attached.caseId)) await ClaimModel.updateOne({ _id: claim._id }, { $set: { caseId: live } });
  return live;
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
