/**
 * A lead moves a case to the hot or emergency lane, typically confirming a hotspot's proposal.
 * The lane is part of the workflow state (a transition, so concurrent changes are decided by the
 * unique (caseId, seq)), and the recount of a case's reports keeps it as a floor (`triage`).
 */
import type { SessionUser, SetLane } from '@refute/shared';
import { conflict } from '../../http/errors';
import { recordAudit } from '../audit/service';
import { caseHotspotFlag } from '../hotspots/caseFlags';
import { actorOf, changedMeanwhile, loadCase } from '../reviews/caseSteps';
import { transitionCase } from './repository';

export async function setLeadLane(lead: SessionUser, caseId: string, lane: SetLane['lane']): Promise<void> {
  const record = await loadCase(caseId);
  if (record.status === 'merged') throw conflict('invalid_state', 'The case was merged; set the lane of the case it was merged into');
  if (record.leadLane === lane) return;
  const hotspot = caseHotspotFlag(String(record._id), record.lane);
  await transitionCase(record, 'case.lane_set', lead.id, { leadLane: lane }, changedMeanwhile);
  await recordAudit({
    action: 'case.lane_set',
    actor: actorOf(lead),
    subject: { kind: 'case', id: record._id },
    data: { from: record.lane, to: lane, ...(hotspot ? { hotspotId: hotspot.hotspotId } : {}) },
  });
}
