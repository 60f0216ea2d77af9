import { Types } from 'mongoose';
import { EVIDENCE_MAX, mergeDraft, type DraftFields, type DraftSave } from '@refute/shared';
import { conflict, isDuplicateKeyError, unprocessable } from '../../http/errors';
import { presentDraft } from '../cases/presenter';
import { withContributors } from './contributors';
import { DraftRevisionModel, type DraftRevisionRecord } from './draftModel';
import { sanitizeRebuttal } from './sanitizeRebuttal';

export async function latestDraft(caseId: Types.ObjectId | string): Promise<DraftRevisionRecord | null> {
  return DraftRevisionModel.findOne({ caseId }).sort({ version: -1 }).lean<DraftRevisionRecord>();
}

export async function draftVersion(caseId: Types.ObjectId, version: number): Promise<DraftRevisionRecord | null> {
  return DraftRevisionModel.findOne({ caseId, version }).lean<DraftRevisionRecord>();
}

/**
 * Makes `revision` the latest again unless it is: a save refused after the case left review
 * may have stored a newer one. Restoring writes nothing of its own, so the authors stay those
 * who wrote the content.
 */
export async function restoreRevision(caseId: Types.ObjectId, revision: DraftRevisionRecord, restoredBy: string): Promise<void> {
  const latest = await latestDraft(caseId);
  if (!latest || latest.version === revision.version) return;
  const { verdict, headline, summary, rebuttalHtml, evidence } = revision;
  try {
    await DraftRevisionModel.create({
      caseId,
      version: latest.version + 1,
      verdict,
      headline,
      summary,
      rebuttalHtml,
      evidence,
      authorIds: withContributors(latest.authorIds.map(String), revision.authorIds.map(String)).map((id) => new Types.ObjectId(id)),
      savedBy: new Types.ObjectId(restoredBy),
      savedAt: new Date(),
      basedOn: latest.version,
    });
  } catch (error) {
    // A concurrent restore of the same revision took this version first.
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** How often a save is merged again when other saves keep landing first. */
const SAVE_ATTEMPTS = 5;

/**
 * Saves the next revision. A save made from an older version is merged with what was saved
 * since (`mergeDraft`); when both changed the same field differently the save is refused with
 * `409 stale_draft`, naming the fields, with the current draft, so nothing is overwritten silently.
 */
export async function saveRevision(
  caseId: Types.ObjectId,
  userId: string,
  input: DraftSave,
  contributorIds: readonly string[] = [],
): Promise<DraftRevisionRecord> {
  const author = new Types.ObjectId(userId);
  const { version: baseVersion, ...mine } = input;
  const sanitized: DraftFields = { ...mine, rebuttalHtml: sanitizeRebuttal(mine.rebuttalHtml) };
  let baseFields: DraftFields | null = null;
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
    const latest = await latestDraft(caseId);
    const latestVersion = latest?.version ?? 0;
    if (baseVersion > latestVersion) throw unprocessable('unknown_version', `The draft has no version ${baseVersion} yet`, { current: presentDraft(latest) });
    let fields = sanitized;
    if (baseVersion < latestVersion) {
      baseFields ??= presentDraft(baseVersion === 0 ? null : await draftVersion(caseId, baseVersion));
      const { merged, conflicts } = mergeDraft(baseFields, sanitized, presentDraft(latest));
      if (conflicts.length > 0) {
        throw conflict('stale_draft', `Someone else changed ${conflicts.join(', ')} since you loaded the draft`, {
          fields: conflicts,
          current: presentDraft(latest),
        });
      }
      fields = merged;
      if (merged.evidence.length > EVIDENCE_MAX) {
        throw unprocessable('too_much_evidence', `Together with the items saved meanwhile the draft would list more than ${EVIDENCE_MAX} pieces of evidence`, {
          current: presentDraft(latest),
        });
      }
    }
    // Everyone who wrote any part so far, co-editors included, stays an author of the draft.
    const authorIds = withContributors((latest?.authorIds ?? []).map(String), [...contributorIds, userId]).map((id) => new Types.ObjectId(id));
    try {
      const created = await DraftRevisionModel.create({
        caseId,
        version: latestVersion + 1,
        ...fields,
        authorIds,
        savedBy: author,
        savedAt: new Date(),
        basedOn: baseVersion,
      });
      return created.toObject();
    } catch (error) {
      // Another save took this version number first: merge again on top of it.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw conflict('concurrent_change', 'The draft is being saved by others right now; try again');
}
