/**
 * The claim as reviewed: the case's team (its assignees and leads) states in one neutral
 * sentence what the rumor asserts. The matcher holds reports against it as part of the case's
 * core (matching/statements.ts), so a rewording of the claim that shares little with the report
 * the case opened with still finds the case; the publication carries it as ClaimReview's
 * `claimReviewed`. Plain text, versioned (claimStatementModel.ts), audited.
 */
import { Types } from 'mongoose';
import type { ClaimStatementInput, ClaimStatementView, SessionUser } from '@refute/shared';
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { toPlainText } from '../../text/plainText';
import { recordAudit } from '../audit/service';
import { publishToIndex } from '../matching/liveIndex';
import { statementFeatures } from '../matching/statements';
import { actorOf } from '../reviews/caseSteps';
import { requireOnCaseTeam } from './caseTeam';
import { ClaimStatementModel, type ClaimStatementRecord } from './claimStatementModel';
import { latestClaimStatement } from './claimStatementRepository';
import type { CaseRecord } from './model';
import { findCase } from './repository';

/** Concurrent edits each take the next version; past this many lost races the edit is refused. */
const ATTEMPTS = 3;

export function presentClaimStatement(statement: ClaimStatementRecord | null): ClaimStatementView | null {
  if (!statement?.text) return null;
  return { text: statement.text, updatedBy: String(statement.writtenBy), updatedAt: statement.writtenAt.toISOString() };
}

/**
 * Tells every process's matching index, audits and announces a stored version. Repeating it is
 * harmless (the audit is written once per version), so a retry after a failure finishes it.
 */
async function announce(record: CaseRecord, user: SessionUser, statement: ClaimStatementRecord): Promise<void> {
  const before = statement.version > 1 ? await ClaimStatementModel.findOne({ caseId: record._id, version: statement.version - 1 }).lean<ClaimStatementRecord>() : null;
  await publishToIndex([{ kind: 'statement', caseId: String(record._id), features: statementFeatures(statement.text ?? null), version: statement.version }]);
  await recordAudit({
    action: 'case.claim_stated',
    actor: actorOf(user),
    subject: { kind: 'case', id: record._id },
    data: { text: statement.text ?? null, previous: before?.text ?? null, version: statement.version },
    once: `case.claim_stated:${String(record._id)}:${statement.version}`,
  });
  domainEvents.emit('case.updated', String(record._id));
}

/**
 * Writes (or, with `text: null`, takes away) the case's claim as reviewed. The same text again
 * stores nothing; it finishes announcing the stored version, should an earlier attempt have
 * stopped between storing and announcing it.
 */
export async function setClaimStatement(user: SessionUser, caseId: string, input: ClaimStatementInput): Promise<void> {
  const record = await findCase(caseId);
  if (!record) throw notFound('Case');
  if (record.status === 'merged') {
    throw conflict('invalid_state', 'The case was merged; state the claim on the case it was merged into', { status: record.status });
  }
  requireOnCaseTeam(user, record);
  const text = input.text === null ? null : toPlainText(input.text);
  if (text === '') throw badRequest('empty_claim_statement', 'The statement holds no text once markup is removed');
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const latest = await latestClaimStatement(record._id);
    if ((latest?.text ?? null) === text) {
      if (latest) await announce(record, user, latest);
      return;
    }
    const statement = { caseId: record._id, version: (latest?.version ?? 0) + 1, text, writtenBy: new Types.ObjectId(user.id), writtenAt: new Date() };
    try {
      await ClaimStatementModel.create(statement);
    } catch (error) {
      if (isDuplicateKeyError(error)) continue;
      throw error;
    }
    await announce(record, user, { _id: new Types.ObjectId(), ...statement });
    return;
  }
  throw conflict('concurrent_change', 'The statement was changed meanwhile; try again');
}
