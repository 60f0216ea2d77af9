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
import { findCase } from './repository';

/** Concurrent edits each take the next version; past this many lost races the edit is refused. */
const ATTEMPTS = 3;

export function presentClaimStatement(statement: ClaimStatementRecord | null): ClaimStatementView | null {
  if (!statement?.text) return null;
  return { text: statement.text, updatedBy: String(statement.writtenBy), updatedAt: statement.writtenAt.toISOString() };
}

/** Writes (or, with `text: null`, takes away) the case's claim as reviewed. The same text again changes nothing. */
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
    const previous = latest?.text ?? null;
    if (previous === text) return;
    const version = (latest?.version ?? 0) + 1;
    try {
      await ClaimStatementModel.create({ caseId: record._id, version, text, writtenBy: new Types.ObjectId(user.id), writtenAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) continue;
      throw error;
    }
    await publishToIndex([{ kind: 'statement', caseId: String(record._id), features: statementFeatures(text) }]);
    await recordAudit({
      action: 'case.claim_stated',
      actor: actorOf(user),
      subject: { kind: 'case', id: record._id },
      data: { text, previous, version },
    });
    domainEvents.emit('case.updated', String(record._id));
    return;
  }
  throw conflict('concurrent_change', 'The statement was changed meanwhile; try again');
}
