/**
 * The review checklist of a case: its topic's items (admin settings) and the ticks stored apart
 * from the draft. The experts on the case tick the items; an item asking for a second expert's
 * sign-off is ticked by a reviewer who wrote no part of the draft. A draft is submitted only with
 * every item ticked (`requireChecklistComplete`), and the lead sees the same view when approving.
 */
import { Types } from 'mongoose';
import { hasRole, type ChecklistView, type SessionUser } from '@refute/shared';
import { isDuplicateKeyError, notFound, forbidden, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { actorOf, isAssignee, loadCase, requireStatusFor } from '../reviews/caseSteps';
import { caseContributorIds, withContributors } from '../reviews/contributors';
import { latestDraft } from '../reviews/drafts';
import { requireCaseUnitMember } from '../escalation/units';
import { ChecklistTickModel, type ChecklistTickRecord } from './model';
import { checklistFor } from './settings';

async function draftAuthors(record: CaseRecord): Promise<string[]> {
  const draft = await latestDraft(record._id);
  return withContributors((draft?.authorIds ?? []).map(String), await caseContributorIds(record._id));
}

/** The checklist with its ticks; a second expert's tick by someone who has since written part of the draft no longer counts. */
export async function checklistOf(record: Pick<CaseRecord, '_id' | 'topic'>, authors?: string[]): Promise<ChecklistView> {
  const items = checklistFor(record.topic);
  const ticks = await ChecklistTickModel.find({ caseId: record._id }).lean<ChecklistTickRecord[]>();
  const byItem = new Map(ticks.map((tick) => [tick.itemId, tick]));
  const writers = authors ?? (items.some((item) => item.secondExpert) ? await draftAuthors(record as CaseRecord) : []);
  const views = items.map((item) => {
    const tick = byItem.get(item.id);
    const counts = tick && !(item.secondExpert && writers.includes(String(tick.userId)));
    return { ...item, tickedBy: counts ? String(tick.userId) : null, tickedAt: counts ? tick.at.toISOString() : null };
  });
  return { items: views, complete: views.every((item) => item.tickedBy !== null) };
}

export async function requireChecklistComplete(record: CaseRecord): Promise<void> {
  const checklist = await checklistOf(record);
  const missing = checklist.items.filter((item) => !item.tickedBy).map((item) => item.id);
  if (missing.length > 0) throw unprocessable('checklist_incomplete', `The review checklist has unticked items: ${missing.join(', ')}`, { missing });
}

export async function tickChecklistItem(user: SessionUser, caseId: string, itemId: string, checked: boolean): Promise<ChecklistView> {
  const record = await loadCase(caseId);
  const item = checklistFor(record.topic).find((candidate) => candidate.id === itemId);
  if (!item) throw notFound('Checklist item');
  requireStatusFor('edit', record);
  const authors = await draftAuthors(record);
  if (item.secondExpert) {
    if (!hasRole(user.roles, 'reviewer', 'lead')) throw forbidden('not_reviewer', 'A second expert signs off');
    if (authors.includes(user.id)) throw forbidden('second_expert_required', 'A second expert, who wrote no part of the draft, signs this off');
    await requireCaseUnitMember(record, user);
  } else if (!isAssignee(record, user.id)) {
    throw forbidden('not_assigned', 'Only the experts assigned to this case tick its checklist');
  }
  const id = `${String(record._id)}:${itemId}`;
  if (checked) {
    try {
      await ChecklistTickModel.create({ _id: id, caseId: record._id, itemId, userId: new Types.ObjectId(user.id), at: new Date() });
    } catch (error) {
      // Already ticked (by this person or another): the first tick stands.
      if (!isDuplicateKeyError(error)) throw error;
      return checklistOf(record, authors);
    }
  } else if ((await ChecklistTickModel.deleteOne({ _id: id })).deletedCount === 0) {
    return checklistOf(record, authors);
  }
  await recordAudit({ action: checked ? 'checklist.ticked' : 'checklist.unticked', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { itemId } });
  domainEvents.emit('case.updated', String(record._id));
  return checklistOf(record, authors);
}
