/**
 * On-call pages: the on-call expert an emergency is given to must acknowledge it within
 * ACKNOWLEDGE_MINUTES; otherwise the next on-call expert is assigned too (audited, the backup
 * and the case's leads told), in virtual time through the escalation runner. An acknowledgement
 * in time keeps the case with its expert; two runners racing on one page assign one backup.
 * Each region below is used by one test only, so its experts rank first there.
 */
import type { NotificationKind, NotificationView, PageView } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { Types } from 'mongoose';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { CaseTransitionModel } from '../../server/src/features/cases/transitionModel';
import { EscalationStepModel } from '../../server/src/features/escalation/model';
import { createEscalationRunner } from '../../server/src/features/escalation/runner';
import { atRiskSettings } from '../../server/src/features/escalation/settings';
import { ExpertProfileModel } from '../../server/src/features/experts/model';
import { ACKNOWLEDGE_MINUTES } from '../../server/src/features/routing/pages';
import { domainEvents } from '../../server/src/realtime/domainEvents';
import { createExpert } from '../support/experts';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite();

/** An emergency in `region`, once routing gave it to an on-call expert: the case, that expert's id and the page. */
async function pagedEmergency(region: string) {
  const caseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region, emergency: true }))).body.caseId as string;
  await eventually(async () => (await EscalationStepModel.countDocuments({ caseId, kind: 'unacknowledged' })) === 1, 'the on-call expert paged');
  await eventually(async () => ((await CaseModel.findById(caseId).lean())?.assigneeIds ?? []).length === 1, 'the emergency assigned');
  const page = (await EscalationStepModel.findOne({ caseId, kind: 'unacknowledged' }).lean())!;
  const assignees = (await CaseModel.findById(caseId).lean())!.assigneeIds.map(String);
  expect(assignees).toEqual([String(page.expertId)]);
  return { caseId, expertId: String(page.expertId), page };
}

const onCall = (region: string, count: number) => Promise.all(Array.from({ length: count }, () => createExpert(suite.app.baseUrl, suite.team.lead, { region, onCall: true })));
const byId = (experts: Member[], id: string) => experts.find((expert) => expert.id === id)!;

async function inbox(someone: Member, kind: NotificationKind, caseId: string): Promise<NotificationView[]> {
  const response = await someone.http.get<{ items: NotificationView[] }>('/api/v1/notifications');
  return response.body.items.filter((item) => item.kind === kind && item.caseId === caseId);
}

async function pagesOf(expert: Member): Promise<string[]> {
  const response = await expert.http.get<{ items: PageView[] }>('/api/v1/pages');
  expect(response.status).toBe(200);
  return response.body.items.map((page) => page.caseId);
}

test('an on-call expert who does not acknowledge in time gets a backup: the next on-call expert is assigned too, audited, and the backup and the leads are told', async () => {
  const experts = await onCall('330108', 2);
  const { caseId, expertId, page } = await pagedEmergency('330108');
  const first = byId(experts, expertId);
  const backup = experts.find((expert) => expert.id !== expertId)!;
  expect(page.dueAt.getTime() - (await CaseModel.findById(caseId).lean())!.openedAt.getTime()).toBeLessThanOrEqual((ACKNOWLEDGE_MINUTES + 1) * 60_000);
  expect(await pagesOf(first)).toEqual([caseId]);

  const runner = createEscalationRunner({ settings: atRiskSettings, owner: 'pages' });
  expect((await runner.runDue(new Date(page.dueAt.getTime() - 60_000))).filter((id) => id.startsWith(caseId))).toEqual([]);
  expect((await runner.runDue(new Date(page.dueAt.getTime() + 1000))).filter((id) => id.startsWith(caseId))).toEqual([page._id]);

  const record = (await CaseModel.findById(caseId).lean())!;
  expect([record.status, record.assigneeIds.map(String)]).toEqual(['in_review', [expertId, backup.id]]);
  expect((await EscalationStepModel.findById(page._id).lean())!).toMatchObject({ state: 'done', outcome: 'paged' });
  const audit = await AuditEventModel.find({ subjectId: caseId, action: 'case.backup_paged' }).lean();
  expect(audit.map((event) => event.data)).toEqual([{ pageId: page._id, expertId, backupId: backup.id, minutes: ACKNOWLEDGE_MINUTES }]);
  await eventually(async () => (await inbox(backup, 'assigned', caseId)).length === 1, 'the backup is told');
  await eventually(async () => (await inbox(suite.team.lead, 'page_unacknowledged', caseId)).length === 1, 'the leads are told');
  expect((await inbox(suite.team.lead, 'page_unacknowledged', caseId))[0]!.actor.name).toBe('Refute');

  // Too late to acknowledge: the first expert stays on the case, with the backup; nothing fires twice.
  const late = await first.http.post(`/api/v1/cases/${caseId}/acknowledge`);
  expect([late.status, late.body.error?.code]).toEqual([409, 'page_passed']);
  expect(await pagesOf(first)).toEqual([]);
  expect((await runner.runDue(new Date(page.dueAt.getTime() + 10 * 60_000))).filter((id) => id.startsWith(caseId))).toEqual([]);
  expect(await CaseTransitionModel.countDocuments({ caseId, action: 'case.backup_assigned' })).toBe(1);
});

test('an acknowledgement in time keeps the case with its expert (audited); only an assignee may acknowledge, and only a page of theirs', async () => {
  const experts = await onCall('330109', 2);
  const { caseId, expertId, page } = await pagedEmergency('330109');
  const first = byId(experts, expertId);
  const other = experts.find((expert) => expert.id !== expertId)!;

  const notTheirs = await other.http.post(`/api/v1/cases/${caseId}/acknowledge`);
  expect([notTheirs.status, notTheirs.body.error?.code]).toEqual([403, 'not_assigned']);
  expect((await suite.team.reviewer.http.post('/api/v1/cases/not-an-id/acknowledge')).status).toBe(400);
  const acknowledged = await first.http.post(`/api/v1/cases/${caseId}/acknowledge`);
  expect([acknowledged.status, acknowledged.body.acknowledged]).toEqual([200, true]);
  expect((await first.http.post(`/api/v1/cases/${caseId}/acknowledge`)).body).toEqual(acknowledged.body);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.page_acknowledged' })).toBe(1);
  expect(await pagesOf(first)).toEqual([]);

  const runner = createEscalationRunner({ settings: atRiskSettings, owner: 'acknowledged' });
  expect((await runner.runDue(new Date(page.dueAt.getTime() + 1000))).filter((id) => id === page._id)).toEqual([]);
  expect((await CaseModel.findById(caseId).lean())!.assigneeIds.map(String)).toEqual([expertId]);
  expect((await EscalationStepModel.findById(page._id).lean())!).toMatchObject({ state: 'skipped', outcome: 'acknowledged' });
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.backup_paged' })).toBe(0);

  // A case given by a lead carries no page: there is nothing to acknowledge.
  const assignee = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  const normal = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '330109' }))).body.caseId as string;
  expect((await suite.team.lead.http.post(`/api/v1/cases/${normal}/assign`, { userId: assignee.id })).status).toBe(200);
  const none = await assignee.http.post(`/api/v1/cases/${normal}/acknowledge`);
  expect([none.status, none.body.error?.code]).toEqual([409, 'no_page']);
});

test('with nobody free to back them up, the page still tells the leads, and the expert keeps the case', async () => {
  const [only] = await onCall('330110', 1);
  const { caseId, expertId, page } = await pagedEmergency('330110');
  expect(expertId).toBe(only!.id);
  // The other experts of the pool (earlier tests') go on leave.
  await ExpertProfileModel.updateMany({ userId: { $ne: new Types.ObjectId(expertId) } }, { $set: { leave: [{ from: '2000-01-01', to: '2999-12-31' }] } });
  domainEvents.emit('pool.changed', null);

  const runner = createEscalationRunner({ settings: atRiskSettings, owner: 'alone' });
  expect((await runner.runDue(new Date(page.dueAt.getTime() + 1000))).filter((id) => id === page._id)).toEqual([page._id]);
  expect((await EscalationStepModel.findById(page._id).lean())!).toMatchObject({ state: 'done', outcome: 'no_backup' });
  expect((await CaseModel.findById(caseId).lean())!.assigneeIds.map(String)).toEqual([expertId]);
  await eventually(async () => (await inbox(suite.team.lead, 'page_unacknowledged', caseId)).length === 1, 'the leads are told');
});

test('with nobody else on call free, the backup is the next eligible expert in routing order', async () => {
  await ExpertProfileModel.updateMany({}, { $set: { onCall: false } });
  domainEvents.emit('pool.changed', null);
  const [first] = await onCall('330113', 1);
  const helper = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '330113', capacity: 5 });
  const { caseId, expertId, page } = await pagedEmergency('330113');
  expect(expertId).toBe(first!.id);
  const runner = createEscalationRunner({ settings: atRiskSettings, owner: 'helper' });
  expect((await runner.runDue(new Date(page.dueAt.getTime() + 1000))).filter((id) => id === page._id)).toEqual([page._id]);
  expect((await CaseModel.findById(caseId).lean())!.assigneeIds.map(String)).toEqual([first!.id, helper.id]);
  await eventually(async () => (await inbox(helper, 'assigned', caseId)).length === 1, 'the backup is told');
});

test('two runners racing on one page assign one backup', async () => {
  await onCall('330111', 3);
  const { caseId, page } = await pagedEmergency('330111');
  const due = new Date(page.dueAt.getTime() + 1000);
  const [one, two] = ['one', 'two'].map((owner) => createEscalationRunner({ settings: atRiskSettings, owner }));
  const fired = await Promise.all([one!.runDue(due), two!.runDue(due)]);
  expect(fired.flat().filter((id) => id === page._id)).toEqual([page._id]);
  expect((await CaseModel.findById(caseId).lean())!.assigneeIds).toHaveLength(2);
  expect(await CaseTransitionModel.countDocuments({ caseId, action: 'case.backup_assigned' })).toBe(1);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.backup_paged' })).toBe(1);
});

test('an emergency given to an expert who takes cases without being asked (nobody on call with room) pages them too; a normal case given so does not', async () => {
  await ExpertProfileModel.updateMany({}, { $set: { onCall: false } });
  domainEvents.emit('pool.changed', null);
  const direct = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '330112', directAssignment: true, capacity: 5 });
  const { expertId } = await pagedEmergency('330112');
  expect(expertId).toBe(direct.id);
  expect(await pagesOf(direct)).toHaveLength(1);

  const normal = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '330112' }))).body.caseId as string;
  await eventually(async () => (await AuditEventModel.countDocuments({ subjectId: normal, action: 'case.auto_assigned' })) === 1, 'the normal case given at once');
  expect((await CaseModel.findById(normal).lean())!.assigneeIds.map(String)).toEqual([direct.id]);
  expect(await EscalationStepModel.countDocuments({ caseId: normal, kind: 'unacknowledged' })).toBe(0);
});
