/**
 * On-call pages (值守确认). An emergency that routing gives at once (to an on-call expert, or to
 * one who takes cases without being asked when nobody on call has room) pages that expert: they acknowledge it (`POST /cases/:id/acknowledge`, or from the notification) within
 * ACKNOWLEDGE_MINUTES, or a backup on-call expert is assigned too and the case's leads are told
 * (`backup.ts`). Nobody can start on a notice they have not seen: on a 4-hour deadline, an hour's
 * wait for the one expert paged is what sinks an emergency, and a second expert paged after a
 * quarter of an hour usually gets there first.
 *
 * A page's time is kept in the database as an escalation step (`<caseId>:<round>:unacknowledged:<routing round>`,
 * with the expert paged), fired by the escalation runner of whichever process claims it
 * (`escalation/runner.ts`): it survives restarts and fires once across processes. An
 * acknowledgement closes the pending step by a write conditional on its state, and the runner
 * reads the step again before it pages a backup; an acknowledgement at that very moment may
 * still see the backup come, which costs nothing but the backup's seat.
 */
import { Types } from 'mongoose';
import type { PageAcknowledgement, PageView, SessionUser } from '@refute/shared';
import { insertEachOnce } from '../../db/insertOnce';
import { conflict, forbidden } from '../../http/errors';
import { recordAudit } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { findCase } from '../cases/repository';
import { EscalationStepModel, type EscalationStepRecord } from '../escalation/model';
import { roundOf, stepId } from '../escalation/plan';
import { actorOf, isAssignee, loadCase } from '../reviews/caseSteps';

/** How long an on-call expert has to acknowledge an emergency before a backup is paged. */
export const ACKNOWLEDGE_MINUTES = 15;

export const pageId = (caseId: unknown, level: number, routingRound: number) => `${stepId(caseId, level, 'unacknowledged')}:${routingRound}`;

/**
 * Pages the expert routing is about to give the emergency to. Written before the
 * assignment, so that a process dying between the two leaves a page and no silent assignment; a
 * page whose assignment did not happen finds the expert off the case when due, and passes.
 */
export async function pageOnCall(record: Pick<CaseRecord, '_id' | 'escalations'>, expertId: string, routingRound: number, now: Date): Promise<void> {
  const level = roundOf(record);
  await insertEachOnce(EscalationStepModel, [
    {
      _id: pageId(record._id, level, routingRound),
      caseId: record._id,
      round: level,
      kind: 'unacknowledged',
      dueAt: new Date(now.getTime() + ACKNOWLEDGE_MINUTES * 60_000),
      state: 'pending',
      expertId: new Types.ObjectId(expertId),
    },
  ]);
}

/** The latest page of the expert on the case, if any. */
async function pageOf(caseId: Types.ObjectId, expertId: string): Promise<EscalationStepRecord | null> {
  const pages = await EscalationStepModel.find({ caseId, kind: 'unacknowledged' }).lean<EscalationStepRecord[]>();
  return pages.filter((page) => String(page.expertId) === expertId).sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime())[0] ?? null;
}

/**
 * The paged expert says they are on the case. Acknowledging again is answered the same; a page
 * already passed to a backup is a conflict (the expert stays on the case, with the backup).
 */
export async function acknowledgePage(user: SessionUser, caseId: string, now = new Date()): Promise<PageAcknowledgement> {
  const record = await loadCase(caseId);
  if (!isAssignee(record, user.id)) throw forbidden('not_assigned', 'Only an expert assigned to this case acknowledges its page');
  const page = await pageOf(record._id, user.id);
  if (!page) throw conflict('no_page', 'You were not paged for this case');
  if (page.state === 'pending') {
    const closed = await EscalationStepModel.updateOne({ _id: page._id, state: 'pending' }, { $set: { state: 'skipped', outcome: 'acknowledged', doneAt: now } });
    if (closed.modifiedCount === 1) {
      const minutes = Math.round((now.getTime() - (page.dueAt.getTime() - ACKNOWLEDGE_MINUTES * 60_000)) / 6_000) / 10;
      await recordAudit({ action: 'case.page_acknowledged', actor: actorOf(user), subject: { kind: 'case', id: record._id }, data: { pageId: page._id, minutes } });
      return { acknowledged: true, at: now.toISOString() };
    }
  }
  const after = await EscalationStepModel.findById(page._id).lean<EscalationStepRecord>();
  if (after?.outcome === 'acknowledged') return { acknowledged: true, at: (after.doneAt ?? now).toISOString() };
  throw conflict('page_passed', 'The page was passed to a backup expert; you are still on the case', { outcome: after?.outcome ?? null });
}

/** The expert's pages still waiting for their acknowledgement, newest first (cases they are no longer on left out). */
export async function openPagesOf(expertId: string): Promise<PageView[]> {
  const pages = await EscalationStepModel.find({ state: 'pending', kind: 'unacknowledged', expertId: new Types.ObjectId(expertId) }).lean<EscalationStepRecord[]>();
  const views = await Promise.all(
    pages.map(async (page): Promise<PageView | null> => {
      const record = await findCase(page.caseId);
      if (!record || !isAssignee(record, expertId)) return null;
      return { caseId: String(record._id), caseTitle: record.title, dueAt: page.dueAt.toISOString() };
    }),
  );
  return views.filter((view): view is PageView => view !== null).sort((a, b) => b.dueAt.localeCompare(a.dueAt));
}
