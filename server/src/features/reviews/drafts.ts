import { Types } from 'mongoose';
import type { DraftSave } from '@refute/shared';
import { conflict, isDuplicateKeyError } from '../../http/errors';
import { presentDraft } from '../cases/presenter';
import { DraftRevisionModel, type DraftRevisionRecord } from './draftModel';
import { sanitizeRebuttal } from './sanitizeRebuttal';

export async function latestDraft(caseId: Types.ObjectId | string): Promise<DraftRevisionRecord | null> {
  return DraftRevisionModel.findOne({ caseId }).sort({ version: -1 }).lean<DraftRevisionRecord>();
}

export async function draftVersion(caseId: Types.ObjectId, version: number): Promise<DraftRevisionRecord | null> {
  return DraftRevisionModel.findOne({ caseId, version }).lean<DraftRevisionRecord>();
}

/** Saves the next revision on top of `input.version`; 409 with the current draft when it is stale. */
export async function saveRevision(caseId: Types.ObjectId, userId: string, input: DraftSave): Promise<DraftRevisionRecord> {
  const base = await latestDraft(caseId);
  const staleError = async () =>
    conflict('stale_draft', 'The draft was changed by someone else since you loaded it', {
      current: presentDraft(await latestDraft(caseId)),
    });
  if ((base?.version ?? 0) !== input.version) throw await staleError();
  const author = new Types.ObjectId(userId);
  const authors = base?.authorIds ?? [];
  try {
    const created = await DraftRevisionModel.create({
      caseId,
      version: input.version + 1,
      verdict: input.verdict,
      headline: input.headline,
      summary: input.summary,
      rebuttalHtml: sanitizeRebuttal(input.rebuttalHtml),
      evidence: input.evidence,
      authorIds: authors.some((id) => id.equals(author)) ? authors : [...authors, author],
      savedBy: author,
      savedAt: new Date(),
    });
    return created.toObject() as DraftRevisionRecord;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw await staleError();
    throw error;
  }
}
