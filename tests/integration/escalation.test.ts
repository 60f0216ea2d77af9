/**
 * Deadlines and escalation in virtual time: the at-risk points notify the lead unit's leads once,
 * the deadline moves the case up to the parent organisation (audited, its leads notified, who
 * can take it over), two schedulers racing on one step fire it once, and the steps survive a
 * restart (also one a process died in the middle of).
 */
import type { NotificationKind, NotificationView } from '@refute/shared';
import { buildClaimReport, buildDraft, createReviewHierarchy, createUser } from '../../fixtures/factories';
import { Types } from 'mongoose';
import { UserModel } from '../../server/src/features/users/model';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { CaseTransitionModel } from '../../server/src/features/cases/transitionModel';
import { EscalationClaimModel, EscalationStepModel } from '../../server/src/features/escalation/model';
import { createEscalationRunner } from '../../server/src/features/escalation/runner';
import { atRiskSettings } from '../../server/src/features/escalation/settings';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite();
let orgs: Awaited<ReturnType<typeof createReviewHierarchy>>;
let countyLead: Member;
let municipalLead: Member;
let provincialLead: Member;

beforeAll(async () => {
  orgs = await createReviewHierarchy();
  const leadOf = async (org: { _id: unknown }) => loggedIn(suite.app.baseUrl, await createUser({ roles: ['lead', 'reviewer'], orgId: String(org._id) }));
  [countyLead, municipalLead, provincialLead] = await Promise.all([leadOf(orgs.county), leadOf(orgs.municipal), leadOf(orgs.provincial)]);
});

/** The steps of this case among those a run handled (earlier tests' cases have steps too). */
const ofCase = (caseId: string, handled: string[]) => handled.filter((id) => id.startsWith(caseId));

async function inbox(someone: Member, kind: NotificationKind, caseId: string): Promise<NotificationView[]> {
  const response = await someone.http.get<{ items: NotificationView[] }>('/api/v1/notifications');
  return response.body.items.filter((item) => item.kind === kind && item.caseId === caseId);
}

/** A case in Tianhe District (its lead unit: the county organisation), its steps planned. */
async function tianheCase() {
  const caseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440106' }))).body.caseId as string;
  await eventually(async () => (await EscalationStepModel.countDocuments({ caseId, state: 'pending' })) === 3, 'the deadline points planned');
  const record = (await CaseModel.findById(caseId).lean())!;
  const span = record.deadlineAt.getTime() - record.openedAt.getTime();
  const at = (share: number) => new Date(record.openedAt.getTime() + Math.round(span * share));
  return { caseId, at, deadlineAt: record.deadlineAt };
}

test('the at-risk points notify the lead unit once each; at the deadline the case moves to the parent, audited, whose leads take it over', async () => {
  const { caseId, at, deadlineAt } = await tianheCase();
  const runner = suite.app.escalations.runner;
  expect((await countyLead.http.get(`/api/v1/cases/${caseId}`)).body.escalation).toMatchObject({ leadUnitId: String(orgs.county._id), leadUnitLevel: 'county', escalations: 0 });

  expect(ofCase(caseId, await runner.runDue(at(0.2)))).toEqual([]);
  expect(ofCase(caseId, await runner.runDue(at(0.26)))).toEqual([`${caseId}:0:unassigned`]);
  expect(ofCase(caseId, await runner.runDue(at(0.3)))).toEqual([]);
  await eventually(async () => (await inbox(countyLead, 'at_risk_unassigned', caseId)).length === 1, 'the county lead told: no expert yet');
  expect(await inbox(municipalLead, 'at_risk_unassigned', caseId)).toEqual([]);

  expect(ofCase(caseId, await runner.runDue(at(0.8)))).toEqual([`${caseId}:0:no_draft`]);
  await eventually(async () => (await inbox(countyLead, 'at_risk_no_draft', caseId)).length === 1, 'the county lead told: no draft yet');
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.at_risk' })).toBe(2);

  const escalatedAt = new Date(deadlineAt.getTime() + 1000);
  expect(ofCase(caseId, await runner.runDue(escalatedAt))).toEqual([`${caseId}:0:deadline`]);
  const audit = await AuditEventModel.find({ subjectId: caseId, action: 'case.escalated' }).lean();
  expect(audit.map((event) => [event.actor?.kind, event.data])).toEqual([
    ['system', { fromOrgId: String(orgs.county._id), toOrgId: String(orgs.municipal._id), toLevel: 'municipal', round: 1 }],
  ]);
  await eventually(async () => (await inbox(municipalLead, 'escalated', caseId)).length === 1, 'the municipal lead told of the escalation');
  expect(await inbox(countyLead, 'escalated', caseId)).toEqual([]);

  const detail = (await municipalLead.http.get(`/api/v1/cases/${caseId}`)).body;
  expect(detail.escalation).toMatchObject({
    leadUnitId: String(orgs.municipal._id),
    leadUnitLevel: 'municipal',
    cooperatingUnitIds: [String(orgs.county._id)],
    escalations: 1,
    history: [{ fromOrgId: String(orgs.county._id), toOrgId: String(orgs.municipal._id), toLevel: 'municipal' }],
  });
  expect(detail.units[String(orgs.municipal._id)]).toMatchObject({ level: 'municipal' });
  // The new lead unit gets the lane's time again, counted from the escalation.
  const lane = (await CaseModel.findById(caseId).lean())!;
  expect(lane.deadlineAt.getTime() - escalatedAt.getTime()).toBe(deadlineAt.getTime() - lane.openedAt.getTime());
  const nextRound = await EscalationStepModel.find({ caseId, round: 1 }).lean();
  expect(nextRound.map((step) => [step.kind, step.state, step.dueAt.getTime()])).toEqual(
    expect.arrayContaining([['deadline', 'pending', lane.deadlineAt.getTime()]]),
  );

  // The parent's leads take it over; the county's leads no longer assign.
  const refused = await countyLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: countyLead.id });
  expect([refused.status, refused.body.error.code]).toEqual([403, 'not_lead_unit']);
  const taken = await municipalLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: municipalLead.id });
  expect([taken.status, taken.body.assignees]).toEqual([200, [municipalLead.id]]);

  // A second missed deadline moves it to the province; the first round's steps stay done.
  expect(ofCase(caseId, await runner.runDue(new Date(lane.deadlineAt.getTime() + 1000)))).toEqual([`${caseId}:1:unassigned`, `${caseId}:1:no_draft`, `${caseId}:1:deadline`]);
  expect((await CaseModel.findById(caseId).lean())!.leadUnitId?.toString()).toBe(String(orgs.provincial._id));
  await eventually(async () => (await inbox(provincialLead, 'escalated', caseId)).length === 1, 'the provincial lead told');
});

test('a case assigned in time, then submitted, passes its points without notices or escalation', async () => {
  const { caseId, at, deadlineAt } = await tianheCase();
  const { reviewer } = suite.team;
  const runner = suite.app.escalations.runner;
  // The team's reviewer belongs to another organisation: the county lead makes it a cooperating unit first.
  const reviewerOrg = String((await UserModel.findById(reviewer.id).lean())!.orgId);
  expect((await countyLead.http.put(`/api/v1/cases/${caseId}/units`, { leadUnitId: String(orgs.county._id), cooperatingUnitIds: [reviewerOrg] })).status).toBe(200);
  expect((await countyLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect(ofCase(caseId, await runner.runDue(at(0.5)))).toEqual([`${caseId}:0:unassigned`]);
  expect((await EscalationStepModel.findById(`${caseId}:0:unassigned`).lean())!).toMatchObject({ state: 'skipped', outcome: 'not_applicable' });
  // A point that passes quietly is set aside without a claim: nothing there to fire exactly once.
  expect(await EscalationClaimModel.countDocuments({ stepId: `${caseId}:0:unassigned` })).toBe(0);
  expect((await countyLead.http.get(`/api/v1/cases/${caseId}`)).body.escalation.atRisk).toBeNull();
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect(ofCase(caseId, await runner.runDue(new Date(deadlineAt.getTime() + 1)))).toEqual([`${caseId}:0:no_draft`, `${caseId}:0:deadline`]);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: { $in: ['case.at_risk', 'case.escalated'] } })).toBe(0);
  expect((await CaseModel.findById(caseId).lean())!.leadUnitId?.toString()).toBe(String(orgs.county._id));
});

test('two schedulers racing on one escalation: exactly one fires it', async () => {
  const { caseId, deadlineAt } = await tianheCase();
  const after = new Date(deadlineAt.getTime() + 1000);
  const one = createEscalationRunner({ settings: atRiskSettings, owner: 'one' });
  const two = createEscalationRunner({ settings: atRiskSettings, owner: 'two' });
  const [firstFired, secondFired] = await Promise.all([one.runDue(after), two.runDue(after)]);
  expect(ofCase(caseId, [...firstFired, ...secondFired]).sort()).toEqual([`${caseId}:0:deadline`, `${caseId}:0:no_draft`, `${caseId}:0:unassigned`]);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.escalated' })).toBe(1);
  expect(await CaseTransitionModel.countDocuments({ caseId, action: 'case.escalated' })).toBe(1);
  expect((await CaseModel.findById(caseId).lean())!.escalations).toHaveLength(1);
  await eventually(async () => (await inbox(municipalLead, 'escalated', caseId)).length === 1, 'the municipal lead told');
  expect(await inbox(municipalLead, 'escalated', caseId)).toHaveLength(1);
});

test('admins move the at-risk points (audited); points out of order are refused', async () => {
  const admin = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['admin'] }));
  const bad = await admin.http.put('/api/v1/admin/settings', { atRisk: { unassignedShare: 0.8, noDraftShare: 0.5 } });
  expect(bad.status).toBe(400);
  const saved = await admin.http.put('/api/v1/admin/settings', { atRisk: { unassignedShare: 0.5, noDraftShare: 0.9 } });
  expect([saved.status, saved.body.atRisk]).toEqual([200, { unassignedShare: 0.5, noDraftShare: 0.9 }]);
  expect(saved.body.history[0]).toMatchObject({ setting: 'atRisk', old: { unassignedShare: 0.25, noDraftShare: 0.75 }, new: { unassignedShare: 0.5, noDraftShare: 0.9 } });
  const { caseId, at } = await tianheCase();
  const step = (await EscalationStepModel.findById(`${caseId}:0:unassigned`).lean())!;
  expect(step.dueAt.getTime()).toBe(at(0.5).getTime());
  await admin.http.put('/api/v1/admin/settings', { atRisk: { unassignedShare: 0.25, noDraftShare: 0.75 } });
});

test('an escalation whose process died after moving the case is completed once, not repeated', async () => {
  const { caseId, deadlineAt } = await tianheCase();
  const runner = createEscalationRunner({ settings: atRiskSettings, owner: 'first' });
  const firedAt = new Date(deadlineAt.getTime() + 1000);
  expect(ofCase(caseId, await runner.runDue(firedAt))).toContain(`${caseId}:0:deadline`);
  // As if the process had died after the case's transition: no audit event, the step still pending.
  await AuditEventModel.collection.deleteMany({ subjectId: new Types.ObjectId(caseId), action: 'case.escalated' });
  await EscalationStepModel.updateOne({ _id: `${caseId}:0:deadline` }, { $set: { state: 'pending', outcome: null } });
  const next = createEscalationRunner({ settings: atRiskSettings, owner: 'next' });
  expect(ofCase(caseId, await next.runDue(new Date(firedAt.getTime() + 60_000)))).toEqual([]);
  expect(ofCase(caseId, await next.runDue(new Date(firedAt.getTime() + 3 * 60_000)))).toEqual([`${caseId}:0:deadline`]);
  expect((await EscalationStepModel.findById(`${caseId}:0:deadline`).lean())!.outcome).toBe('escalated');
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.escalated' })).toBe(1);
  expect(await CaseTransitionModel.countDocuments({ caseId, action: 'case.escalated' })).toBe(1);
});

test('due steps survive a restart, and a step whose process died is fired once its lease runs out', async () => {
  const { caseId, at } = await tianheCase();
  // The app's scheduler stops (a shutdown); a new process's runner finds the stored steps.
  suite.app.escalations.stop();
  const restarted = createEscalationRunner({ settings: atRiskSettings, owner: 'restarted' });
  // A process claimed the first point and died before firing it.
  const claimedAt = at(0.3);
  await EscalationClaimModel.create({ _id: `${caseId}:0:unassigned#1`, stepId: `${caseId}:0:unassigned`, attempt: 1, claimedAt, owner: 'dead' });
  expect(ofCase(caseId, await restarted.runDue(new Date(claimedAt.getTime() + 30_000)))).toEqual([]);
  expect(ofCase(caseId, await restarted.runDue(new Date(claimedAt.getTime() + 3 * 60_000)))).toEqual([`${caseId}:0:unassigned`]);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.at_risk' })).toBe(1);
  // The sweep at start plans cases whose steps are missing (a crash between the case and its steps).
  await EscalationStepModel.deleteMany({ caseId, state: 'pending' });
  await restarted.sweep();
  expect(await EscalationStepModel.countDocuments({ caseId, state: 'pending' })).toBe(2);
});
