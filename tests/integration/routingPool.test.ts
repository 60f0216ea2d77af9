/**
 * Routing over time and under load: offers lapse after the lane's time (driven in virtual time,
 * as the escalation tests are) and the next candidates are asked; the time is an admin setting,
 * audited; an expert's capacity is checked when a case is given to them, not trusted from the
 * ranking; and the pool routing ranks from is a per-process copy that a change of a profile or an
 * account drops at once. Each region below is used by one test only, so its experts rank first there.
 */
import { Types } from 'mongoose';
import type { OfferView } from '@refute/shared';
import { buildClaimReport, createReviewHierarchy, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { ExpertProfileModel } from '../../server/src/features/experts/model';
import { rosterReads } from '../../server/src/features/experts/poolRoster';
import { domainEvents } from '../../server/src/realtime/domainEvents';
import { ExpertSeatModel, SEAT_GRACE_MS, takeSeat } from '../../server/src/features/experts/seats';
import { CaseOfferModel, RoutingRoundModel } from '../../server/src/features/routing/model';
import { expireDueOffers } from '../../server/src/features/routing/router';
import { regionalUnit } from '../../server/src/features/escalation/units';
import { offerMinutes } from '../../server/src/features/routing/settings';
import { createExpert } from '../support/experts';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

/** How far the routing sweep's clock runs ahead of the wall clock (a test moves it to pass an offer time). */
let ahead = 0;
const suite = teamSuite({ routing: { sweepMs: 200, clock: () => new Date(Date.now() + ahead) } });

async function openCase(report: Parameters<typeof buildClaimReport>[0] = {}): Promise<string> {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport(report));
  expect(response.status).toBe(201);
  return response.body.caseId as string;
}

async function openOffers(expert: Member): Promise<OfferView[]> {
  const response = await expert.http.get<{ items: OfferView[] }>('/api/v1/offers');
  expect(response.status).toBe(200);
  return response.body.items;
}

async function offeredExperts(caseId: string): Promise<string[]> {
  const offers = await CaseOfferModel.find({ caseId, status: 'offered' }).lean();
  return offers.map((offer) => String(offer.expertId)).sort();
}

const experts = (count: number, overrides: Parameters<typeof createExpert>[2]) =>
  Promise.all(Array.from({ length: count }, () => createExpert(suite.app.baseUrl, suite.team.lead, overrides)));

const minutesLater = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);

test("offers nobody answers within the lane's time lapse, audited, and the next candidates are asked (then those whose offer lapsed, never one who declined); a late answer is refused", async () => {
  const five = await experts(5, { region: '510104' });
  const caseId = await openCase({ region: '510104' });
  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');
  const firstRound = await offeredExperts(caseId);
  const first = (await CaseOfferModel.findOne({ caseId, status: 'offered' }).lean())!;
  expect(first.expiresAt!.getTime()).toBe(minutesLater(first.offeredAt, offerMinutes().normal).getTime());
  const asked = five.find((expert) => expert.id === firstRound[0])!;
  const [listed] = (await openOffers(asked)).filter((offer) => offer.caseId === caseId);
  expect(listed?.expiresAt).toBe(first.expiresAt!.toISOString());

  // One of the three declines; the round still waits for the other two until their time is up.
  expect((await asked.http.post(`/api/v1/cases/${caseId}/offer/decline`)).status).toBe(200);
  const justBefore = minutesLater(first.expiresAt!, -1);
  expect((await expireDueOffers(justBefore)).filter((entry) => entry.caseId === caseId)).toEqual([]);
  expect(await offeredExperts(caseId)).toHaveLength(2);

  const expired = (await expireDueOffers(first.expiresAt!)).find((entry) => entry.caseId === caseId);
  expect(expired?.result).toEqual({ outcome: 'offered', expertIds: expect.any(Array) });
  // The two never asked, and as the third the better of the two whose offers lapsed (not the one who declined).
  const lapsed = firstRound.filter((id) => id !== asked.id);
  const fresh = five.map((expert) => expert.id).filter((id) => !firstRound.includes(id));
  const secondRound = await offeredExperts(caseId);
  expect(secondRound).toHaveLength(3);
  expect(secondRound).toEqual(expect.arrayContaining(fresh));
  expect(secondRound).not.toContain(asked.id);
  const askedAgain = secondRound.filter((id) => lapsed.includes(id));
  expect(askedAgain).toHaveLength(1);
  const statuses = Object.fromEntries((await CaseOfferModel.find({ caseId }).lean()).map((offer) => [String(offer.expertId), offer.status]));
  expect(statuses[asked.id]).toBe('declined');
  expect(lapsed.map((id) => statuses[id]).sort()).toEqual(['expired', 'offered']);
  const rounds = await RoutingRoundModel.find({ caseId }).sort({ round: 1 }).lean();
  expect(rounds.map((round) => [round.round, round.reason, round.outcome])).toEqual([
    [1, 'opened', 'offered'],
    [2, 'expired', 'offered'],
  ]);
  const audit = await AuditEventModel.find({ subjectId: caseId, action: 'case.offers_expired' }).lean();
  expect(audit.map((event) => [event.actor?.kind, (event.data as { expertIds: string[] }).expertIds.sort()])).toEqual([['system', [...lapsed].sort()]]);

  // Running the expiry again, as another process's sweep would, changes nothing more.
  expect((await expireDueOffers(first.expiresAt!)).filter((entry) => entry.caseId === caseId)).toEqual([]);
  expect(await RoutingRoundModel.countDocuments({ caseId })).toBe(2);

  const late = five.find((expert) => lapsed.includes(expert.id) && !askedAgain.includes(expert.id))!;
  const refused = await late.http.post(`/api/v1/cases/${caseId}/offer/accept`);
  expect([refused.status, refused.body.error.code, refused.body.error.details?.status]).toEqual([409, 'offer_closed', 'expired']);
  expect((await openOffers(late)).map((offer) => offer.caseId)).not.toContain(caseId);
  const taker = five.find((expert) => expert.id === askedAgain[0])!;
  expect((await taker.http.post(`/api/v1/cases/${caseId}/offer/accept`)).status).toBe(200);
});

test('admins set the offer time per lane (audited, bad values refused); new offers lapse after it', async () => {
  const admin = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['admin'] }));
  const before = offerMinutes();
  const bad = await admin.http.put('/api/v1/admin/settings', { offerMinutes: { normal: 0, hot: 20, emergency: 10 } });
  expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
  const partial = await admin.http.put('/api/v1/admin/settings', { offerMinutes: { hot: 5 } });
  expect(partial.status).toBe(400);
  const saved = await admin.http.put('/api/v1/admin/settings', { offerMinutes: { ...before, normal: 45 } });
  expect([saved.status, saved.body.offerMinutes]).toEqual([200, { ...before, normal: 45 }]);
  expect(saved.body.history[0]).toMatchObject({ setting: 'offerMinutes', old: before, new: { ...before, normal: 45 } });
  expect(await AuditEventModel.countDocuments({ action: 'settings.changed', 'data.setting': 'offerMinutes' })).toBe(1);
  try {
    await experts(3, { region: '510105' });
    const caseId = await openCase({ region: '510105' });
    await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');
    const offer = (await CaseOfferModel.findOne({ caseId }).lean())!;
    expect(offer.expiresAt!.getTime() - offer.offeredAt.getTime()).toBe(45 * 60_000);
  } finally {
    expect((await admin.http.put('/api/v1/admin/settings', { offerMinutes: before })).status).toBe(200);
  }
});

test('an expert at capacity cannot accept another offer (409 at_capacity) until a case leaves them; the offer stays open', async () => {
  const [single] = await experts(1, { region: '510106', capacity: 1 });
  const one = await openCase({ region: '510106' });
  const two = await openCase({ region: '510106' });
  // Both were ranked while the expert had nothing on: both are offered.
  await eventually(async () => (await openOffers(single!)).length === 2, 'both offers');
  expect((await single!.http.post(`/api/v1/cases/${one}/offer/accept`)).status).toBe(200);
  const full = await single!.http.post(`/api/v1/cases/${two}/offer/accept`);
  expect([full.status, full.body.error.code]).toEqual([409, 'at_capacity']);
  expect((await openOffers(single!)).map((offer) => offer.caseId)).toEqual([two]);
  expect((await suite.team.lead.http.get(`/api/v1/cases/${two}`)).body.assignees).toEqual([]);

  // Giving the first case back makes room (its seat is freed once it is past the grace period).
  expect((await single!.http.post(`/api/v1/cases/${one}/unassign`, { userId: single!.id })).status).toBe(200);
  await ExpertSeatModel.updateMany({ expertId: new Types.ObjectId(single!.id) }, { $set: { at: new Date(Date.now() - SEAT_GRACE_MS - 1) } });
  expect((await single!.http.post(`/api/v1/cases/${two}/offer/accept`)).status).toBe(200);
});

test('routers giving cases to one expert at once (as several processes would) fill exactly their capacity', async () => {
  const [expert] = await experts(1, { region: '510107', capacity: 2 });
  const now = new Date();
  const cases = Array.from({ length: 5 }, () => new Types.ObjectId());
  const seats = await Promise.all(cases.map((caseId) => takeSeat(expert!.id, caseId, now)));
  expect(seats.filter((seat) => seat !== null)).toHaveLength(2);
  expect(await ExpertSeatModel.countDocuments({ expertId: new Types.ObjectId(expert!.id) })).toBe(2);
  // The seats' cases never went to the expert: past the grace period their seats are freed for others.
  const later = new Date(now.getTime() + SEAT_GRACE_MS + 1);
  expect(await takeSeat(expert!.id, new Types.ObjectId(), later)).not.toBeNull();
});

test('routing ranks from a copy of the pool read once, which a change of a profile or an account drops at once', async () => {
  const [steady, leaving, disabled] = await experts(3, { region: '510108' });
  const reads = rosterReads();
  const first = await openCase({ region: '510108' });
  const second = await openCase({ region: '510108' });
  await eventually(async () => (await offeredExperts(first)).length === 3 && (await offeredExperts(second)).length === 3, 'both cases offered');
  // Two cases routed and their candidates listed: the roster was read at most once.
  expect((await suite.team.lead.http.get(`/api/v1/cases/${first}/candidates`)).status).toBe(200);
  expect(rosterReads() - reads).toBeLessThanOrEqual(1);

  // The expert goes on leave, an admin disables another: the very next case is ranked without them.
  expect((await leaving!.http.put('/api/v1/experts/me/availability', { leave: [{ from: '2000-01-01', to: '2999-12-31' }] })).status).toBe(200);
  const admin = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['admin'] }));
  expect((await admin.http.post(`/api/v1/users/${disabled!.id}/disable`)).status).toBe(200);
  const third = await openCase({ region: '510108' });
  // The round is recorded before its offers are made: wait for the offers.
  await eventually(async () => (await offeredExperts(third)).length === 3, 'the third case offered');
  expect(await offeredExperts(third)).toContain(steady!.id);
  expect(await offeredExperts(third)).not.toContain(leaving!.id);
  expect(await offeredExperts(third)).not.toContain(disabled!.id);
});

const seatsOf = (expert: Member) => ExpertSeatModel.countDocuments({ expertId: new Types.ObjectId(expert.id) });

test('a claim takes a seat and is refused at capacity; a lead may assign past capacity (warned, audited, the seat taken); giving a case back frees its seat at once', async () => {
  const [expert] = await experts(1, { region: '510113', capacity: 1 });
  const one = await openCase({ region: '510113' });
  const two = await openCase({ region: '510113' });
  expect((await expert!.http.post(`/api/v1/cases/${one}/claim`)).status).toBe(200);
  expect(await seatsOf(expert!)).toBe(1);
  const refused = await expert!.http.post(`/api/v1/cases/${two}/claim`);
  expect([refused.status, refused.body.error.code]).toEqual([409, 'at_capacity']);
  expect(await seatsOf(expert!)).toBe(1);

  // The lead sees the expert full on the case's candidates (the page warns before assigning) and assigns all the same.
  const listed = (await suite.team.lead.http.get(`/api/v1/cases/${two}/candidates`)).body.items.find((candidate: { userId: string }) => candidate.userId === expert!.id);
  expect(listed.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'load', open: 1, capacity: 1 })]));
  const assigned = await suite.team.lead.http.post(`/api/v1/cases/${two}/assign`, { userId: expert!.id });
  expect([assigned.status, assigned.body.assignees]).toEqual([200, [expert!.id]]);
  const audit = await AuditEventModel.findOne({ subjectId: two, action: 'case.assigned' }).lean();
  expect(audit?.data).toEqual({ assigneeId: expert!.id, overCapacity: true });
  expect(await seatsOf(expert!)).toBe(2);

  // Giving one back frees its seat without waiting for the grace period; the expert is still full.
  expect((await expert!.http.post(`/api/v1/cases/${one}/unassign`, { userId: expert!.id })).status).toBe(200);
  expect(await seatsOf(expert!)).toBe(1);
  const stillFull = await expert!.http.post(`/api/v1/cases/${one}/claim`);
  expect([stillFull.status, stillFull.body.error.code]).toEqual([409, 'at_capacity']);
});

test("a round with nobody free is tried again by the sweep after the lane's offer time, and offers the case once an expert has room", async () => {
  // A district whose unit has one expert, with nobody in the organisations above it.
  const orgs = await createReviewHierarchy('440112');
  const county = String(orgs.county._id);
  const expert = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '440112', capacity: 1 }, county);
  await eventually(async () => String((await regionalUnit('440112'))?._id) === county, "the district as its region's unit", 10_000);
  const first = await openCase({ region: '440112' });
  await eventually(async () => (await offeredExperts(first)).length === 1, 'the first case offered');
  expect((await expert.http.post(`/api/v1/cases/${first}/offer/accept`)).status).toBe(200);

  const second = await openCase({ region: '440112' });
  const roundsOf = async () => (await RoutingRoundModel.find({ caseId: second }).sort({ round: 1 }).lean()).map((round) => [round.round, round.reason, round.outcome]);
  await eventually(async () => (await roundsOf()).length === 1, 'the first round');
  expect(await roundsOf()).toEqual([[1, 'opened', 'none']]);

  // The expert gives the first case back: they have room now, but the sweep waits for the lane's offer time.
  expect((await expert.http.post(`/api/v1/cases/${first}/unassign`, { userId: expert.id })).status).toBe(200);
  ahead = (offerMinutes().normal + 1) * 60_000;
  try {
    await eventually(async () => (await offeredExperts(second)).includes(expert.id), 'the second case offered on retry', 10_000);
  } finally {
    ahead = 0;
  }
  expect(await roundsOf()).toEqual([
    [1, 'opened', 'none'],
    [2, 'retry', 'offered'],
  ]);
  expect((await expert.http.post(`/api/v1/cases/${second}/offer/accept`)).status).toBe(200);
});

test("an answer that changes one expert's response times is patched into the pool copy without reading the whole pool again", async () => {
  const trio = await experts(3, { region: '510112' });
  const caseId = await openCase({ region: '510112' });
  await eventually(async () => (await offeredExperts(caseId)).length === 3, 'three offers');
  // A fresh copy (well within its 30 s), read by the lead's look at the candidates.
  domainEvents.emit('pool.changed', null);
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}/candidates`)).status).toBe(200);
  const reads = rosterReads();
  expect((await trio[0]!.http.post(`/api/v1/cases/${caseId}/offer/accept`)).status).toBe(200);
  // The next case is ranked with the accepting expert's new response time, from the same copy.
  const next = await openCase({ region: '510112' });
  await eventually(async () => (await offeredExperts(next)).length === 3, 'the next case offered');
  expect(rosterReads()).toBe(reads);
  const kept = (await ExpertProfileModel.findOne({ userId: new Types.ObjectId(trio[0]!.id) }).lean())!.responseMinutes;
  const candidates = (await suite.team.lead.http.get(`/api/v1/cases/${next}/candidates`)).body.items;
  const response = candidates.find((candidate: { userId: string }) => candidate.userId === trio[0]!.id).reasons.find((reason: { kind: string }) => reason.kind === 'response');
  expect(response.medianMinutes).toBe(kept[0]);
});
