import type { Types } from 'mongoose';
import { ClaimStatementModel, type ClaimStatementRecord } from './claimStatementModel';

/** The case's claim as reviewed: its latest version (whose text is null when it was taken away). */
export function latestClaimStatement(caseId: Types.ObjectId | string): Promise<ClaimStatementRecord | null> {
  return ClaimStatementModel.findOne({ caseId }).sort({ version: -1 }).lean<ClaimStatementRecord>();
}
