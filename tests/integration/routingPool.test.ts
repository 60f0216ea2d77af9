/**
 * Routing over time and under load: offers lapse after the lane's time (driven in virtual time,
 * as the escalation tests are) and the next candidates are asked; the time is an admin setting,
 * audited; an expert's capacity is checked when a case is given to them, not trusted from the
 * ranking; and the pool routing ranks from is a per-process copy that a change of a profile or an
 * account drops at once. Each region below is used by one test only, so its experts rank first there.
 */
import { Types } from 'mongoose';
import type { OfferView } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { rosterReads } from '../../server/src/features/experts/poolRoster';
import { ExpertSeatModel, SEAT_GRACE_MS, takeSeat } from '../../server/src/features/experts/seats';
import { CaseOfferModel, RoutingRoundModel } from '../../server/src/features/routing/model';
import { expireDueOffers } from '../../server/src/features/routing/router';
import { offerMinutes } from '../../server/src/features/routing/settings';
import { createExpert } from '../support/experts';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite({ routing: { sweepMs: 200 } });

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
