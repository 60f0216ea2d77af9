/**
 * Two server processes on one database, both running the escalation scheduler on the real clock:
 * deadlines that have passed are escalated exactly once each, whichever process gets there first.
 */
import { buildClaimReport, createReviewHierarchy } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { CaseTransitionModel } from '../../server/src/features/cases/transitionModel';
import { EscalationClaimModel, EscalationStepModel } from '../../server/src/features/escalation/model';
import { eventually } from '../support/sockets';
import { twoServerProcesses } from '../support/twoProcesses';

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
