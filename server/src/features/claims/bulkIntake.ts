/**
 * Intake of many reports of one platform at once (a bulk import's chunk), with the decisions,
 * records and announcements of `reportClaim` for each, in a few writes instead of a dozen per
 * report. The rows are matched one after another on this process's index, each told to the index
 * before the next is matched, so every row is placed as it would be had the rows come one by one
 * through intake; then the chunk is stored in bulk, in intake's order: reports (under the unique
 * `(orgId, externalId)`), text keys, cases, index feed, audit events, counters, announcements.
 *
 * Rows the platform reported before are found first, by externalId, and neither matched nor
 * written again: the same content is a repeat, other content a conflict. A chunk taken up again
 * after a crash (`completeStored`) instead completes its stored rows through `reportClaim`, whose
 * steps after storing are safe to repeat.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Types } from 'mongoose';
import type { ClaimReport } from '@refute/shared';
import { insertEachOnceWhich } from '../../db/insertOnce';
import { engine } from '../../engine';
import { AppError } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudits, type AuditEntry } from '../audit/service';
import { ensureCases, type SeedReport } from '../cases/repository';
import { CaseKeyModel } from '../matching/caseKeyModel';
import { claimKey, type CaseMatcher, type MatchDecision } from '../matching/caseMatcher';
import { indexReady, matchIndex, publishToIndex, type FeedEntry } from '../matching/liveIndex';
import { actorOf, checkRegion, hashPayload, idempotencyConflict, intakeMatcher, prepareClaim, reportClaim, reportedClaim, type ReportingPlatform } from './intake';
import type { ClaimRecord } from './model';
import { caseOpenedAudit, caseSeedOf, claimCreatedAudit, joinedByKey, matchRecord, reportAddedAudit, reportFeedEntry, type StoredMatch } from './placement';
import { insertClaims, setClaimCase } from './repository';

export type BulkRowResult = { status: 'created' } | { status: 'repeated' } | { status: 'failed'; error: AppError };

const YIELD_EVERY_ROWS = 10;
const CREATED: BulkRowResult = { status: 'created' };
const REPEATED: BulkRowResult = { status: 'repeated' };

/** A row intake refuses (a region it does not know, an externalId reused) is that row's result; anything else stops the chunk. */
function refusal(error: unknown): BulkRowResult {
  if (error instanceof AppError && error.isPublic) return { status: 'failed', error };
  throw error;
}

/** A row matched and about to be stored, with where it stands as the chunk is settled. */
interface Placement {
  row: number;
  claim: ClaimRecord & { caseId: Types.ObjectId };
  decision: MatchDecision;
  /** It opened a case (its text's key was free on this process's index). */
  opened: boolean;
  ownsKey: boolean;
}

export async function reportClaimsInBulk(
  platform: ReportingPlatform,
  inputs: readonly ClaimReport[],
  options: { completeStored: boolean },
  matcher: CaseMatcher = intakeMatcher,
): Promise<BulkRowResult[]> {
  const results: BulkRowResult[] = inputs.map(() => REPEATED);
  // A row repeating an externalId of an earlier row of the batch waits for a second pass, where
  // it meets the earlier row stored, as it would one report after another.
  const firstRows = new Map<string, number>();
  const laterRows: number[] = [];
  inputs.forEach((input, row) => {
    if (firstRows.has(input.externalId)) laterRows.push(row);
    else firstRows.set(input.externalId, row);
  });
  const stored = await engine().claims.byExternalIds(platform.orgId, [...firstRows.keys()]);
  const fresh: number[] = [];
  const toComplete: number[] = [];
  for (const [externalId, row] of firstRows) {
    const existing = stored.get(externalId);
    if (!existing) fresh.push(row);
    else if (existing.payloadHash !== hashPayload(inputs[row])) results[row] = refusal(idempotencyConflict(externalId, existing._id));
    else if (options.completeStored) toComplete.push(row);
  }
  for (const row of toComplete) results[row] = await completeStored(platform, inputs[row]!, matcher);
  const raced = await placeFresh(platform, inputs, fresh, results, matcher);
  // Stored by someone else between the lookup and the write (another upload of the same rows): intake replays them.
  for (const row of raced) results[row] = await completeStored(platform, inputs[row]!, matcher);
  if (laterRows.length > 0) {
    const again = await reportClaimsInBulk(platform, laterRows.map((row) => inputs[row]!), options, matcher);
    laterRows.forEach((row, index) => (results[row] = again[index]!));
  }
  return results;
}

async function completeStored(platform: ReportingPlatform, input: ClaimReport, matcher: CaseMatcher): Promise<BulkRowResult> {
  try {
    return (await reportClaim(platform, input, matcher)).created ? CREATED : REPEATED;
  } catch (error) {
    return refusal(error);
  }
}

/** Matches, stores and announces the rows not stored before; returns the rows found stored at the write. */
async function placeFresh(platform: ReportingPlatform, inputs: readonly ClaimReport[], rows: readonly number[], results: BulkRowResult[], matcher: CaseMatcher): Promise<number[]> {
  await indexReady();
  const placements: Placement[] = [];
  for (const [position, row] of rows.entries()) {
    // Matching a chunk is seconds of CPU with no I/O in between: requests are served between rows.
    if (position % YIELD_EVERY_ROWS === 0) await yieldToEventLoop();
    const input = inputs[row]!;
    try {
      checkRegion(input);
    } catch (error) {
      results[row] = refusal(error);
      continue;
    }
    const report = prepareClaim(platform.orgId, input);
    const decision = await matcher.decide(report);
    const claim = { ...report, caseId: decision.caseId, match: matchRecord(decision), indexed: decision.index } as ClaimRecord & { caseId: Types.ObjectId };
    const opened = decision.outcome !== 'joined';
    tellIndexHere(claim, claim.caseId, claim.match, opened ? decision.key : null);
    placements.push({ row, claim, decision, opened, ownsKey: opened });
  }
  const inserted = await insertClaims(placements.map(({ claim }) => claim));
  const placed = placements.filter((_, index) => inserted[index]);
  await settleKeys(placed);
  const createdCases = await openCases(placed);
  const { liveCases } = await announceToIndex(placed);
  const actor = actorOf(platform);
  const audits: AuditEntry[] = [];
  const seeded = new Set<string>();
  for (const { claim, opened, ownsKey } of placed) {
    audits.push(claimCreatedAudit(actor, claim));
    const caseId = String(claim.caseId);
    const seededHere = createdCases.has(caseId) && !seeded.has(caseId);
    seeded.add(caseId);
    if (seededHere || (opened && ownsKey)) audits.push(caseOpenedAudit(actor, claim.caseId, claim._id));
    audits.push(reportAddedAudit(actor, claim._id, claim.caseId, claim.match));
  }
  await recordAudits(audits);
  // A case this chunk opened with its one report counts it already; every other case is recounted.
  const index = matchIndex();
  const recount = [...new Set(liveCases)].filter((caseId) => !(createdCases.has(caseId) && index.reportsOf(caseId).length === 1));
  await Promise.all(recount.map((caseId) => engine().counters.update(new Types.ObjectId(caseId))));
  placed.forEach(({ row, claim }, position) => {
    const live = new Types.ObjectId(liveCases[position]);
    domainEvents.emit('claim.reported', reportedClaim(true, claim, live, index.caseState(String(live))));
    results[row] = CREATED;
  });
  return placements.filter((_, index) => !inserted[index]).map(({ row }) => row);
}

/** Tells this process's index of a report at once (the feed is written for the whole chunk later). */
function tellIndexHere(claim: ClaimRecord, caseId: Types.ObjectId, decided: StoredMatch, ownKey: string | null): void {
  const entry = reportFeedEntry(claim, caseId, decided);
  const index = matchIndex();
  index.addReport({ ...entry, claimId: entry.claimId!, reachScore: entry.reachScore ?? 0, emergency: entry.emergency ?? false, receivedAt: entry.receivedAt! });
  if (ownKey !== null) index.setKey(ownKey, String(caseId));
}

/**
 * Registers the text keys of the cases the chunk opened, in one write. A key another process
 * registered first (its report not yet on this process's index) takes the case's reports into
 * the case that holds it, as intake's `settleCase` does for one report.
 */
async function settleKeys(placed: Placement[]): Promise<void> {
  const openers = placed.filter((placement) => placement.opened);
  const registered = await insertEachOnceWhich(CaseKeyModel, openers.map(({ decision, claim }) => ({ _id: decision.key, caseId: claim.caseId })));
  for (const [position, opener] of openers.entries()) {
    if (registered[position]) continue;
    const lost = opener.claim.caseId;
    const owner = await claimKey(opener.decision.key, lost);
    if (owner.equals(lost)) continue;
    opener.ownsKey = false;
    for (const placement of placed.filter(({ claim }) => claim.caseId.equals(lost))) {
      const { claim } = placement;
      claim.caseId = owner;
      if (placement === opener) claim.match = joinedByKey(claim.match, owner);
      await setClaimCase(claim._id, { caseId: owner, match: claim.match });
      tellIndexHere(claim, owner, claim.match, null);
    }
    matchIndex().setKey(opener.decision.key, String(owner));
  }
}

/** Writes the cases the chunk opened (and those an exact-text join names, as intake does); returns the ones this call created. */
async function openCases(placed: Placement[]): Promise<Set<string>> {
  const openings = new Map<string, { caseId: Types.ObjectId; seed: SeedReport; suggestions: MatchDecision['suggestions'] }>();
  for (const { claim, decision, opened, ownsKey } of placed) {
    if (!(opened || claim.match?.method === 'exact') || openings.has(String(claim.caseId))) continue;
    openings.set(String(claim.caseId), { caseId: claim.caseId, seed: caseSeedOf(claim), suggestions: ownsKey ? decision.suggestions : [] });
  }
  const list = [...openings.values()];
  const created = await ensureCases(list);
  return new Set(list.filter((_, index) => created[index]).map(({ caseId }) => String(caseId)));
}

/**
 * Writes the chunk's reports and keys to the index feed in one insert, for every process; a
 * report whose case a merge folded away meanwhile follows it. Returns each report's live case.
 */
async function announceToIndex(placed: Placement[]): Promise<{ liveCases: string[] }> {
  const entries: FeedEntry[] = placed.map(({ claim }) => reportFeedEntry(claim, claim.caseId, claim.match));
  for (const { opened, ownsKey, decision, claim } of placed) if (opened && ownsKey) entries.push({ kind: 'key', key: decision.key, caseId: String(claim.caseId) });
  await publishToIndex(entries);
  const index = matchIndex();
  const liveCases = placed.map(({ claim }) => index.liveCase(String(claim.caseId)));
  const followers: FeedEntry[] = [];
  for (const [position, { claim }] of placed.entries()) {
    const live = liveCases[position]!;
    if (live === String(claim.caseId)) continue;
    await setClaimCase(claim._id, { caseId: new Types.ObjectId(live) });
    followers.push({ ...reportFeedEntry(claim, claim.caseId, claim.match), caseId: live });
  }
  await publishToIndex(followers);
  return { liveCases };
}
