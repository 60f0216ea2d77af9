/**
 * Routing: a new case is offered to its best candidates (who accept or decline from a
 * notification), the first acceptance wins, a round everybody declined goes to the next
 * candidates, an emergency is assigned at once to the best on-call expert, and a change of topic
 * ranks the case again. Each region below is used by one test only, so its experts rank first there.
 */
import type { CandidateList, NotificationView, OfferView } from '@refute/shared';
import { buildClaimReport, buildDraft, createReviewHierarchy } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { EscalationStepModel } from '../../server/src/features/escalation/model';
import { CaseOfferModel, RoutingRoundModel } from '../../server/src/features/routing/model';
import { regionalUnit } from '../../server/src/features/escalation/units';
import { routeCase } from '../../server/src/features/routing/router';
import { createExpert } from '../support/experts';
import { eventually } from '../support/sockets';
import { teamSuite, type Member } from '../support/workbench';

const suite = teamSuite({ routing: { sweepMs: 200 } });

async function openCase(report: Parameters<typeof buildClaimReport>[0] = {}): Promise<string> {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport(report));
  expect(response.status).toBe(201);
  return response.body.caseId as string;
}

async function offersOf(expert: Member): Promise<string[]> {
  const response = await expert.http.get<{ items: OfferView[] }>('/api/v1/offers');
  expect(response.status).toBe(200);
  return response.body.items.map((offer) => offer.caseId);
}

async function offeredExperts(caseId: string): Promise<string[]> {
  const offers = await CaseOfferModel.find({ caseId, status: 'offered' }).lean();
  return offers.map((offer) => String(offer.expertId)).sort();
}

const experts = (count: number, overrides: Parameters<typeof createExpert>[2]) =>
  Promise.all(Array.from({ length: count }, () => createExpert(suite.app.baseUrl, suite.team.lead, overrides)));

test('a new case is offered to its three best candidates, with reasons; the first to accept gets it and the other offers are withdrawn', async () => {
  const near = await experts(3, { region: '330105' });
  const sameProvince = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '330106', capacity: 10 });
  const caseId = await openCase({ region: '330105' });

  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');
  expect(await offeredExperts(caseId)).toEqual(near.map((expert) => expert.id).sort());
  for (const expert of near) expect(await offersOf(expert)).toContain(caseId);
  const notified = async () => (await near[0]!.http.get<{ items: NotificationView[] }>('/api/v1/notifications')).body.items.filter((item) => item.caseId === caseId);
  await eventually(async () => (await notified()).length > 0, 'the offer is notified');
  expect((await notified()).map((item) => [item.kind, item.actor.name])).toEqual([['offered', 'Refute']]);

  const candidates = await suite.team.lead.http.get<CandidateList>(`/api/v1/cases/${caseId}/candidates`);
  expect(candidates.status).toBe(200);
  const first = candidates.body.items[0]!;
  expect(near.map((expert) => expert.id)).toContain(first.userId);
  expect(first).toMatchObject({ eligible: true, offer: 'offered', name: expect.stringContaining('Test ') });
  expect(first.score).toBe(first.reasons.reduce((sum, reason) => sum + reason.points, 0));
  expect(first.reasons).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'domain', fits: true }),
      expect.objectContaining({ kind: 'region', fit: 'same' }),
      expect.objectContaining({ kind: 'load', open: 0, capacity: 3 }),
      expect.objectContaining({ kind: 'availability', available: true }),
    ]),
  );
  const provincial = candidates.body.items.find((candidate) => candidate.userId === sameProvince.id)!;
  expect(provincial.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'region', fit: 'province', points: 10 })]));
  expect(provincial.score).toBeLessThan(first.score);

  const accepted = await near[1]!.http.post(`/api/v1/cases/${caseId}/offer/accept`);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'in_review', assignees: [near[1]!.id] });
  const late = await near[0]!.http.post(`/api/v1/cases/${caseId}/offer/accept`);
  expect([late.status, late.body.error.code]).toEqual([409, 'offer_closed']);
  expect(await offersOf(near[0]!)).not.toContain(caseId);
  const statuses = (await CaseOfferModel.find({ caseId }).lean()).map((offer) => offer.status).sort();
  expect(statuses).toEqual(['accepted', 'withdrawn', 'withdrawn']);

  const trail = await AuditEventModel.find({ subjectId: caseId, action: { $in: ['case.offered', 'case.offer_accepted'] } }).sort({ at: 1 }).lean();
  expect(trail.map((event) => [event.action, event.actor?.kind])).toEqual([
    ['case.offered', 'system'],
    ['case.offer_accepted', 'user'],
  ]);
  // The acceptance counts as a response time on the expert's profile.
  const profile = (await suite.team.lead.http.get(`/api/v1/experts/${near[1]!.id}`)).body.expert;
  expect(profile).toMatchObject({ openCases: 1, medianResponseMinutes: expect.any(Number) });
});

test('two experts accepting the same offer at once: exactly one gets the case', async () => {
  const pair = await experts(3, { region: '330108' });
  const caseId = await openCase({ region: '330108' });
  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');

  const answers = await Promise.all(pair.slice(0, 2).map((expert) => expert.http.post(`/api/v1/cases/${caseId}/offer/accept`)));
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  const loser = answers.find((answer) => answer.status === 409)!;
  expect(['offer_taken', 'offer_closed']).toContain(loser.body.error.code);
  const detail = (await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body;
  expect(detail.assignees).toHaveLength(1);
  expect(pair.slice(0, 2).map((expert) => expert.id)).toContain(detail.assignees[0]);
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.offer_accepted' })).toBe(1);
});

test('when everyone offered declines, the next candidates are offered; nobody is asked twice', async () => {
  const four = await experts(4, { region: '330109' });
  const caseId = await openCase({ region: '330109' });
  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');
  const firstRound = await offeredExperts(caseId);
  const fourth = four.find((expert) => !firstRound.includes(expert.id))!;
  for (const expert of four.filter((candidate) => firstRound.includes(candidate.id))) {
    const declined = await expert.http.post(`/api/v1/cases/${caseId}/offer/decline`);
    expect(declined.status).toBe(200);
  }
  await eventually(async () => (await offersOf(fourth)).includes(caseId), 'the fourth expert is offered the case');
  const secondRound = await offeredExperts(caseId);
  expect(secondRound.some((id) => firstRound.includes(id))).toBe(false);
  const rounds = await RoutingRoundModel.find({ caseId }).sort({ round: 1 }).lean();
  expect(rounds.map((round) => [round.round, round.reason, round.outcome])).toEqual([
    [1, 'opened', 'offered'],
    [2, 'declined', 'offered'],
  ]);
  // Declining twice, or an offer never made, is refused and changes nothing.
  const again = await four.find((expert) => firstRound.includes(expert.id))!.http.post(`/api/v1/cases/${caseId}/offer/decline`);
  expect([again.status, again.body.error.code]).toEqual([409, 'offer_closed']);
  const never = await suite.team.reviewer.http.post(`/api/v1/cases/${caseId}/offer/accept`);
  expect(never.status).toBe(404);
});

test('an emergency is assigned at once to the best available on-call expert, audited and notified', async () => {
  const [away, onCall, offDuty] = await Promise.all([
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330110', onCall: true, leave: [{ from: '2000-01-01', to: '2999-12-31' }] }),
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330110', onCall: true }),
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330110', capacity: 10 }),
  ]);
  const caseId = await openCase({ region: '330110', emergency: true });
  const autoAssigned = (history: Array<{ action: string }>) => history.find((entry) => entry.action === 'case.auto_assigned');
  // The assignment is a transition; its audit event follows it.
  await eventually(async () => autoAssigned((await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body.history) !== undefined, 'the emergency is assigned');
  const detail = (await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body;
  expect(detail).toMatchObject({ lane: 'emergency', assignees: [onCall.id] });
  expect(autoAssigned(detail.history)).toMatchObject({ actorKind: 'system', data: { assigneeId: onCall.id } });
  await eventually(
    async () => (await onCall.http.get<{ items: NotificationView[] }>('/api/v1/notifications')).body.items.some((item) => item.caseId === caseId && item.kind === 'assigned'),
    'the on-call expert is told',
  );
  expect(await CaseOfferModel.countDocuments({ caseId })).toBe(0);
  for (const other of [away, offDuty]) expect(await offersOf(other)).not.toContain(caseId);
});

test('a change of topic ranks an unassigned case again: the old offers are withdrawn and experts of the new topic are asked', async () => {
  const [health, energy] = await Promise.all([
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330111', domains: ['health'] }),
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330111', domains: ['energy'] }),
  ]);
  const caseId = await openCase({ region: '330111' });
  expect((await suite.team.lead.http.put(`/api/v1/cases/${caseId}/topic`, { topic: 'health' })).status).toBe(200);
  await eventually(async () => (await offersOf(health)).includes(caseId), 'the health expert is offered the case');
  expect(await offersOf(energy)).not.toContain(caseId);

  expect((await suite.team.lead.http.put(`/api/v1/cases/${caseId}/topic`, { topic: 'energy' })).status).toBe(200);
  await eventually(async () => (await offersOf(energy)).includes(caseId), 'the energy expert is offered the case');
  expect(await offersOf(health)).not.toContain(caseId);
  expect((await CaseOfferModel.findOne({ caseId, expertId: health.id }).lean())?.status).toBe('withdrawn');
});

test('an expert who turned offers off is still offered the case, without a notification', async () => {
  const quiet = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '330112' });
  expect((await quiet.http.put('/api/v1/notifications/preferences', { muted: ['offered'] })).status).toBe(200);
  const caseId = await openCase({ region: '330112' });
  await eventually(async () => (await offersOf(quiet)).includes(caseId), 'the offer');
  const items = (await quiet.http.get<{ items: NotificationView[] }>('/api/v1/notifications')).body.items;
  expect(items.filter((item) => item.caseId === caseId)).toEqual([]);
});

test('routers racing on one new case (as several processes would) make one round of three offers', async () => {
  await experts(3, { region: '320102' });
  const caseId = await openCase({ region: '320102' });
  await Promise.all(Array.from({ length: 4 }, () => routeCase(caseId)));
  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');
  expect((await RoutingRoundModel.find({ caseId }).lean()).map((round) => [round.round, round.reason, round.region])).toEqual([[1, 'opened', '320102']]);
  expect(await CaseOfferModel.countDocuments({ caseId })).toBe(3);
  // The audit event follows the offers.
  await eventually(async () => (await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.offered' })) > 0, 'the offers are audited');
  expect(await AuditEventModel.countDocuments({ subjectId: caseId, action: 'case.offered' })).toBe(1);
});

test("a case of a lead unit is offered to that unit's experts only, and an offer of a case moved to other units cannot be accepted", async () => {
  const orgs = await createReviewHierarchy();
  const county = String(orgs.county._id);
  const inside = await Promise.all([0, 1].map(() => createExpert(suite.app.baseUrl, suite.team.lead, { region: '440106' }, county)));
  // Equally fit experts outside the county.
  await experts(3, { region: '440106' });
  // Organisations are read again every few seconds: wait until the county is known as its region's unit.
  await eventually(async () => String((await regionalUnit('440106'))?._id) === county, "the county as its region's unit", 10_000);
  // The region's review organisation is the case's lead unit: equally fit outsiders are not offered it.
  const caseId = await openCase({ region: '440106' });
  await eventually(async () => (await offeredExperts(caseId)).length === 2, "offers to the unit's two experts");
  expect(await offeredExperts(caseId)).toEqual(inside.map((expert) => expert.id).sort());
  const listed = (await suite.team.lead.http.get<CandidateList>(`/api/v1/cases/${caseId}/candidates`)).body.items.map((candidate) => candidate.userId);
  expect(listed.sort()).toEqual(inside.map((expert) => expert.id).sort());

  // A case of a region without a review organisation is offered across the pool, to its best three...
  const far = await experts(3, { region: '650102' });
  const open = await openCase({ region: '650102' });
  await eventually(async () => (await offeredExperts(open)).length === 3, 'three offers across the pool');
  expect(await offeredExperts(open)).toEqual(far.map((expert) => expert.id).sort());
  const outsider = far[0]!;
  // ...until a lead gives it to the county: an outsider's open offer is then refused.
  expect((await suite.team.lead.http.put(`/api/v1/cases/${open}/units`, { leadUnitId: county, cooperatingUnitIds: [] })).status).toBe(200);
  const refused = await outsider.http.post(`/api/v1/cases/${open}/offer/accept`);
  expect([refused.status, refused.body.error.code]).toEqual([403, 'not_case_unit']);
});

test("a case's units are asked while someone of them is left to ask; then the organisation above is asked for support, nearest first, and accepting brings the expert's organisation in as a cooperating unit", async () => {
  const orgs = await createReviewHierarchy('440105');
  const [county, municipal, provincial] = [orgs.county, orgs.municipal, orgs.provincial].map((org) => String(org._id));
  const local = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '440105' }, county);
  const fromCity = await Promise.all([0, 1].map(() => createExpert(suite.app.baseUrl, suite.team.lead, { region: '440100' }, municipal)));
  const fromProvince = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '440105', capacity: 10 }, provincial);
  await eventually(async () => String((await regionalUnit('440105'))?._id) === county, "the district as its region's unit", 10_000);

  const caseId = await openCase({ region: '440105' });
  // The unit's one expert is asked alone, though a round asks three: the city is not needed yet.
  await eventually(async () => (await offeredExperts(caseId)).length === 1, "an offer to the unit's expert");
  expect(await offeredExperts(caseId)).toEqual([local.id]);
  expect((await local.http.post(`/api/v1/cases/${caseId}/offer/decline`)).status).toBe(200);

  // Nobody of the unit is left to ask: the city's two, the nearest level up; the province (ranked higher on its own) is not needed.
  await eventually(async () => (await offeredExperts(caseId)).length === 2, "offers to the city's experts");
  expect(await offeredExperts(caseId)).toEqual(fromCity.map((expert) => expert.id).sort());
  expect(await offeredExperts(caseId)).not.toContain(fromProvince.id);
  // The offers are made before their audit event is written.
  const offeredEvent = () => AuditEventModel.findOne({ subjectId: caseId, action: 'case.offered', 'data.round': 2 }).lean();
  await eventually(async () => (await offeredEvent()) !== null, 'the offers audited');
  const offered = await offeredEvent();
  expect((offered?.data as { support: Record<string, string> }).support).toEqual(Object.fromEntries(fromCity.map((expert) => [expert.id, municipal])));

  const accepted = await fromCity[0]!.http.post(`/api/v1/cases/${caseId}/offer/accept`);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'in_review', assignees: [fromCity[0]!.id] });
  const stored = (await CaseModel.findById(caseId).lean())!;
  expect(stored.cooperatingUnitIds.map(String)).toEqual([municipal]);
  const trail = await AuditEventModel.findOne({ subjectId: caseId, action: 'case.offer_accepted' }).lean();
  expect(trail?.data).toMatchObject({ joinedUnitId: municipal });
  // The expert now works on the case as a member of a cooperating unit: the draft is theirs to save.
  expect((await fromCity[0]!.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
});

test('an expert who takes cases without an offer is given the case at once when routing would offer it to them, audited as a direct assignment', async () => {
  const [direct, other] = await Promise.all([
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330111', directAssignment: true }),
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '330111', capacity: 10 }),
  ]);
  const caseId = await openCase({ region: '330111' });
  // The assignment is a transition; its audit event follows it.
  const directly = () => AuditEventModel.findOne({ subjectId: caseId, action: 'case.auto_assigned' }).lean();
  await eventually(async () => (await directly()) !== null, 'the case is assigned');
  const detail = (await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body;
  expect(detail).toMatchObject({ status: 'in_review', assignees: [direct.id] });
  expect((await directly())?.data).toMatchObject({ assigneeId: direct.id, because: 'direct', lane: 'normal' });
  expect(await CaseOfferModel.countDocuments({ caseId })).toBe(0);
  expect(await offersOf(other)).not.toContain(caseId);
  await eventually(
    async () => (await direct.http.get<{ items: NotificationView[] }>('/api/v1/notifications')).body.items.some((item) => item.caseId === caseId && item.kind === 'assigned'),
    'the expert is told',
  );
  // Opting in is part of the profile, audited like any field.
  const change = await AuditEventModel.findOne({ subjectId: direct.id, action: 'expert.profile_created' }).lean();
  expect((change?.data as { changes: Record<string, unknown> }).changes.directAssignment).toEqual({ old: null, new: true });
});

test('a decline holds for its level: after the case escalates, the new level ranks everyone again and asks those who declined only if still among the best', async () => {
  const orgs = await createReviewHierarchy('440104');
  const [county, municipal] = [orgs.county, orgs.municipal].map((org) => String(org._id));
  const local = await Promise.all([0, 1, 2].map(() => createExpert(suite.app.baseUrl, suite.team.lead, { region: '440104' }, county)));
  await eventually(async () => String((await regionalUnit('440104'))?._id) === county, "the district as its region's unit", 10_000);
  const keyword = `kw${Date.now().toString(36)}`;
  const caseId = await openCase({ region: '440104', text: `${keyword} ${buildClaimReport().text}` });
  await eventually(async () => (await offeredExperts(caseId)).length === 3, "offers to the district's three experts");
  expect(await offeredExperts(caseId)).toEqual(local.map((expert) => expert.id).sort());
  for (const expert of local) expect((await expert.http.post(`/api/v1/cases/${caseId}/offer/decline`)).status).toBe(200);
  // At this level nobody who declined is asked again, and nobody above has experts: the round is empty.
  await eventually(async () => (await RoutingRoundModel.findOne({ caseId, round: 2 }).lean())?.outcome === 'none', 'a round with nobody to ask');
  expect(await offeredExperts(caseId)).toEqual([]);

  // The city's two experts join the pool, and fit the case better (its keyword); then the deadline passes.
  const fromCity = await Promise.all([0, 1].map(() => createExpert(suite.app.baseUrl, suite.team.lead, { region: '440104', keywords: [keyword] }, municipal)));
  await eventually(async () => (await EscalationStepModel.countDocuments({ caseId, round: 0 })) === 3, 'the deadline points planned');
  const { deadlineAt } = (await CaseModel.findById(caseId).lean())!;
  const fired = await suite.app.escalations.runner.runDue(new Date(deadlineAt.getTime() + 1000));
  expect(fired).toContain(`${caseId}:0:deadline`);
  expect(String((await CaseModel.findById(caseId).lean())!.leadUnitId)).toBe(municipal);

  // The new level asks its best three: the city's two and the best of the district's, who declined before.
  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'offers at the new level');
  const asked = await offeredExperts(caseId);
  expect(asked).toEqual(expect.arrayContaining(fromCity.map((expert) => expert.id)));
  const again = asked.filter((id) => local.some((expert) => expert.id === id));
  expect(again).toHaveLength(1);
  const latest = (await RoutingRoundModel.find({ caseId }).sort({ round: -1 }).limit(1).lean())[0]!;
  expect([latest.reason, latest.level, latest.outcome]).toEqual(['escalated', 1, 'offered']);
  const offers = await CaseOfferModel.find({ caseId }).lean();
  const byExpert = new Map(offers.map((offer) => [String(offer.expertId), offer]));
  expect(byExpert.get(again[0]!)).toMatchObject({ status: 'offered', level: 1 });
  expect(local.filter((expert) => expert.id !== again[0]).map((expert) => [byExpert.get(expert.id)?.status, byExpert.get(expert.id)?.level])).toEqual([
    ['declined', 0],
    ['declined', 0],
  ]);
  // Asked again at the new level, the expert may now take it.
  const taker = local.find((expert) => expert.id === again[0])!;
  expect((await taker.http.post(`/api/v1/cases/${caseId}/offer/accept`)).status).toBe(200);
});

test('an expert opts in to direct assignment from their own profile (audited; bad input refused) and is then given cases at once; opting out brings offers back', async () => {
  // Room for many cases, so that the first leaves them still the best for the second.
  const expert = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '330113', capacity: 10 });
  const bad = await expert.http.put('/api/v1/experts/me/direct-assignment', { directAssignment: 'yes' });
  expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
  const more = await expert.http.put('/api/v1/experts/me/direct-assignment', { directAssignment: true, capacity: 9 });
  expect(more.status).toBe(400);

  const optedIn = await expert.http.put('/api/v1/experts/me/direct-assignment', { directAssignment: true });
  expect([optedIn.status, optedIn.body.expert.directAssignment]).toEqual([200, true]);
  // Saying it again changes nothing and records nothing.
  expect((await expert.http.put('/api/v1/experts/me/direct-assignment', { directAssignment: true })).status).toBe(200);
  const changes = () => AuditEventModel.find({ subjectId: expert.id, action: 'expert.direct_assignment_changed' }).sort({ at: 1 }).lean();
  expect((await changes()).map((event) => [String(event.actor?.id), event.data])).toEqual([[expert.id, { old: false, new: true }]]);

  const given = await openCase({ region: '330113' });
  // The assignment is a transition; its audit event follows it.
  const directly = () => AuditEventModel.findOne({ subjectId: given, action: 'case.auto_assigned' }).lean();
  await eventually(async () => (await directly()) !== null, 'the case is given at once');
  expect((await directly())?.data).toMatchObject({ assigneeId: expert.id, because: 'direct' });
  expect((await CaseModel.findById(given).lean())?.status).toBe('in_review');

  const optedOut = await expert.http.put('/api/v1/experts/me/direct-assignment', { directAssignment: false });
  expect([optedOut.status, optedOut.body.expert.directAssignment]).toEqual([200, false]);
  expect((await changes()).map((event) => event.data)).toEqual([
    { old: false, new: true },
    { old: true, new: false },
  ]);
  const asked = await openCase({ region: '330113' });
  await eventually(async () => (await offersOf(expert)).includes(asked), 'the next case is offered, not given');
  expect((await CaseModel.findById(asked).lean())?.status).toBe('open');
});
