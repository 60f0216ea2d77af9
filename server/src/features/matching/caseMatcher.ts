/**
 * Where a report goes: an existing case or a new one. This first matcher joins reports whose
 * normalised text is identical; a similarity matcher can replace it behind the same interface.
 */
import { Types } from 'mongoose';
import type { Language } from '@refute/shared';
import { isDuplicateKeyError } from '../../http/errors';
import { ensureCase } from '../cases/repository';
import { CaseKeyModel } from './caseKeyModel';
import { exactMatchKey } from './normalize';

export interface ReportToMatch {
  text: string;
  normalizedText: string;
  language: Language;
  receivedAt: Date;
}

export interface MatchDecision {
  caseId: Types.ObjectId;
  /** True when this report opened the case. */
  opened: boolean;
  similarity: number;
  method: string;
}

export interface CaseMatcher {
  assign(report: ReportToMatch): Promise<MatchDecision>;
}

export const exactTextMatcher: CaseMatcher = {
  async assign(report) {
    const key = exactMatchKey(report.normalizedText, report.text);
    const caseId = await claimKey(key, new Types.ObjectId());
    const opened = await ensureCase(caseId, report);
    return { caseId, opened, similarity: 1, method: 'exact-normalised-text' };
  },
};

/** Registers the key for a new case, or returns the case that already holds it. */
async function claimKey(key: string, candidate: Types.ObjectId): Promise<Types.ObjectId> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const entry = await CaseKeyModel.findOneAndUpdate(
        { _id: key },
        { $setOnInsert: { caseId: candidate } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (entry) return entry.caseId;
    } catch (error) {
      // Two upserts of one new key race; the loser reads the winner's entry on the next pass.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error(`Could not register case key ${key}`);
}
