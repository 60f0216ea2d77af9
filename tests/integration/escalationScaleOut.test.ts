/**
 * Two server processes on one database, both running the escalation scheduler on the real clock:
 * deadlines that have passed are escalated exactly once each, and on-call pages nobody
 * acknowledged get exactly one backup each, whichever process gets there first. Routing on
 * either process knows of an expert added on the other within a poll of the index feed.
 */
import type { CandidateList } from '@refute/shared';
import { buildClaimReport, createReviewHierarchy } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { CaseTransitionModel } from '../../server/src/features/cases/transitionModel';
import { EscalationClaimModel, EscalationStepModel } from '../../server/src/features/escalation/model';
import { createExpert } from '../support/experts';
import { eventually } from '../support/sockets';
import { twoServerProcesses } from '../support/twoProcesses';
import { loggedIn } from '../support/workbench';

const both = twoServerProcesses();

test('two processes racing on the same passed deadlines escalate each case once', async () => {
  const orgs = await createReviewHierarchy();
  const caseIds: string[] = [];
  for (let n = 0; n < 12; n += 1) {
    caseIds.push((await both.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440106' }))).body.caseId as string);
  }
  await eventually(async () => (await EscalationStepModel.countDocuments({ caseId: { $in: caseIds }, kind: 'deadline' })) === caseIds.length, 'the deadlines planned');
  // The deadlines pass: every process finds them due on its next round (every 5 s).
  await EscalationStepModel.updateMany({ caseId: { $in: caseIds }, kind: 'deadline' }, { $set: { dueAt: new Date(Date.now() - 1000) } });
  const deadlines = { caseId: { $in: caseIds }, round: 0, kind: 'deadline' as const };
  await eventually(async () => (await EscalationStepModel.countDocuments({ ...deadlines, state: 'done', outcome: 'escalated' })) === caseIds.length, 'every deadline fired', 30_000);

  for (const caseId of caseIds) {
    expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.escalated' })).toBe(1);
    expect(await CaseTransitionModel.countDocuments({ caseId, action: 'case.escalated' })).toBe(1);
    const record = (await CaseModel.findById(caseId).lean())!;
    expect([String(record.leadUnitId), record.escalations.length]).toEqual([String(orgs.municipal._id), 1]);
  }
  const claims = await EscalationClaimModel.find({ stepId: { $in: caseIds.map((id) => `${id}:0:deadline`) } }).lean();
  expect(claims.map((claim) => claim.attempt)).toEqual(caseIds.map(() => 1));
});

test('an expert added through one process is a candidate on the other within a poll of the index feed, long before its copy of the pool expires', async () => {
  const caseId = (await both.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '510104' }))).body.caseId as string;
  const leadThere = await loggedIn(both.other.baseUrl, both.team.lead);
  const candidatesThere = async () => (await leadThere.http.get<CandidateList>(`/api/v1/cases/${caseId}/candidates`)).body.items.map((item) => item.userId);
  // The other process reads the pool now and keeps its copy for half a minute.
  const before = await candidatesThere();
  const expert = await createExpert(both.app.baseUrl, both.team.lead, { region: '510104' });
  expect(before).not.toContain(expert.id);
  await eventually(async () => (await candidatesThere()).includes(expert.id), 'the new expert ranked on the other process', 5_000);
});

test('two processes racing on the same unacknowledged on-call pages assign one backup to each emergency', async () => {
  const onCall = await Promise.all(Array.from({ length: 8 }, () => createExpert(both.app.baseUrl, both.team.lead, { region: '330108', onCall: true, capacity: 6 })));
  const caseIds: string[] = [];
  for (let n = 0; n < 6; n += 1) {
    caseIds.push((await both.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '330108', emergency: true }))).body.caseId as string);
  }
  const pages = { caseId: { $in: caseIds }, kind: 'unacknowledged' as const };
  await eventually(async () => (await EscalationStepModel.countDocuments(pages)) === caseIds.length, 'each emergency pages its on-call expert');
  // Nobody acknowledges: the pages fall due, and every process finds them on its next round (every 5 s).
  await EscalationStepModel.updateMany(pages, { $set: { dueAt: new Date(Date.now() - 1000) } });
  await eventually(async () => (await EscalationStepModel.countDocuments({ ...pages, state: 'done', outcome: 'paged' })) === caseIds.length, 'every page passed to a backup', 30_000);

  const onCallIds = new Set(onCall.map((expert) => expert.id));
  for (const caseId of caseIds) {
    expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.backup_paged' })).toBe(1);
    expect(await CaseTransitionModel.countDocuments({ caseId, action: 'case.backup_assigned' })).toBe(1);
    const assignees = (await CaseModel.findById(caseId).lean())!.assigneeIds.map(String);
    expect(assignees).toHaveLength(2);
    expect(assignees.every((id) => onCallIds.has(id))).toBe(true);
  }
  const claims = (await EscalationClaimModel.find({}).lean()).filter((claim) => claim.stepId.includes(':unacknowledged:'));
  expect(claims.map((claim) => claim.attempt)).toEqual(caseIds.map(() => 1));
});
