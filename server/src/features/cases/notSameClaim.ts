/**
 * Reviewers teaching the matcher: "not the same claim" on a report of a case or on a suggested
 * case, a report moved out and a merge are stored as decisions on a pair (a text, a case).
 * Separations keep the matcher from joining the text to the case or answering it with the
 * case's verdict (matching/separations.ts); every decision is a labelled pair for calibration.
 */
import { Types } from 'mongoose';
import type { NotSameClaimInput, SessionUser } from '@refute/shared';
import { conflict, notFound, unprocessable } from '../../http/errors';
import { recordAudit } from '../audit/service';
import type { ClaimRecord } from '../claims/model';
import { findClaimInCase, firstCaseReport } from '../claims/repository';
import { CaseKeyModel } from '../matching/caseKeyModel';
import { exactMatchKey } from '../matching/normalize';
import { PairDecisionModel } from '../matching/pairDecisionModel';
import { recordPairDecision, type PairDecisionInput } from '../matching/separations';
import { requireOnCaseTeam } from './caseTeam';
import { latestClaimStatement } from './claimStatementRepository';
import type { CaseRecord } from './model';
import { findCase } from './repository';

type Report = Pick<ClaimRecord, '_id' | 'text' | 'normalizedText'>;

/**
 * A case's core: the report it was opened with (its `_id` and exact-text key are what a decision
 * is stored under), and the text that says what the case is about for the labelled pair: the
 * claim as reviewed once its team wrote it, the matcher's first core entry too
 * (matching/statements.ts), else that first report's text.
 */
type Core = Report & { key: string; claimText: string };

const keyOf = (report: Report) => exactMatchKey(report.normalizedText ?? '', report.text);

async function coreOf(record: CaseRecord): Promise<Core> {
  const [first, statement] = await Promise.all([firstCaseReport(record._id), latestClaimStatement(record._id)]);
  const report = first ? { ...first, key: keyOf(first) } : { _id: record._id, text: record.title, normalizedText: '', key: '' };
  return { ...report, claimText: statement?.text ?? report.text };
}

function decision(user: SessionUser, fields: Omit<PairDecisionInput, 'decidedBy' | 'decidedAt'>): PairDecisionInput {
  return { ...fields, decidedBy: new Types.ObjectId(user.id), decidedAt: new Date() };
}

/** Marks a report of the case, or a suggested case, as not the case's claim. */
export async function markNotSameClaim(user: SessionUser, caseId: string, input: NotSameClaimInput): Promise<void> {
  const record = await findCase(caseId);
  if (!record) throw notFound('Case');
  if (record.status === 'merged') {
    throw conflict('invalid_state', 'The case was merged; decide on the case it was merged into', { status: record.status });
  }
  requireOnCaseTeam(user, record);
  const core = await coreOf(record);
  let pair: PairDecisionInput;
  if ('claimId' in input) {
    const claim = await findClaimInCase(input.claimId, record._id);
    if (!claim) throw notFound('Report in this case');
    const key = keyOf(claim);
    const keyOwner = await CaseKeyModel.findById(key).lean();
    if (core._id.equals(claim._id) || keyOwner?.caseId.equals(record._id)) {
      throw unprocessable('case_own_text', 'The case was opened with this text: it is what the case is about');
    }
    pair = decision(user, { key, caseId: record._id, same: false, kind: 'marked', claimId: claim._id, fromCaseId: record._id, textA: claim.text, textB: core.claimText });
  } else {
    if (input.caseId === String(record._id)) throw unprocessable('same_case', 'A case is the same claim as itself');
    const other = await findCase(input.caseId);
    if (!other) throw notFound('Case');
    if (!core.key) throw unprocessable('no_reports', 'The case holds no report to decide on');
    const otherCore = await coreOf(other);
    pair = decision(user, { key: core.key, caseId: other._id, same: false, kind: 'suggestion', claimId: core._id, fromCaseId: record._id, textA: core.claimText, textB: otherCore.claimText });
  }
  const stored = await recordPairDecision(pair);
  await recordAudit({
    action: 'case.separated',
    actor: { kind: 'user', id: user.id, orgId: user.orgId },
    subject: { kind: 'case', id: record._id },
    data: { claimId: pair.claimId ? String(pair.claimId) : null, notCaseId: String(pair.caseId), kind: pair.kind, stored },
    once: `case.separated:${pair.key}:${String(pair.caseId)}`,
  });
}

/** A report moved out of `source` is not its claim: recorded once the move is done (the move-out is audited). */
export async function recordMovedOut(user: SessionUser, claim: Report, source: CaseRecord): Promise<void> {
  const core = await coreOf(source);
  const fields = { key: keyOf(claim), caseId: source._id, same: false, kind: 'moved_out' as const, claimId: claim._id, fromCaseId: source._id, textA: claim.text, textB: core.claimText };
  await recordPairDecision(decision(user, fields));
}

/** The cores of two cases about to be merged, read before the reports move. */
export async function coresBeforeMerge(source: CaseRecord, target: CaseRecord): Promise<[Core, Core]> {
  return Promise.all([coreOf(source), coreOf(target)]);
}

/** A merge says the merged-away case's claim is the kept case's: a labelled pair that is the same claim. */
export async function recordMerged(user: SessionUser, source: CaseRecord, target: CaseRecord, cores: [Core, Core]): Promise<void> {
  const [sourceCore, targetCore] = cores;
  if (!sourceCore.key) return;
  const fields = { key: sourceCore.key, caseId: target._id, same: true, kind: 'merged' as const, claimId: sourceCore._id, fromCaseId: source._id, textA: sourceCore.claimText, textB: targetCore.claimText };
  await recordPairDecision(decision(user, fields));
}

/** What reviewers decided on this case: its reports marked, and the cases it is not the claim of. */
export async function separationsOfCase(caseId: Types.ObjectId): Promise<{ reportIds: Set<string>; otherCaseIds: Set<string> }> {
  const decisions = await PairDecisionModel.find({ fromCaseId: caseId }, { caseId: 1, claimId: 1, same: 1 }).lean();
  const separations = decisions.filter((entry) => !entry.same);
  return {
    reportIds: new Set(separations.filter((entry) => entry.caseId.equals(caseId) && entry.claimId).map((entry) => String(entry.claimId))),
    otherCaseIds: new Set(separations.filter((entry) => !entry.caseId.equals(caseId)).map((entry) => String(entry.caseId))),
  };
}
