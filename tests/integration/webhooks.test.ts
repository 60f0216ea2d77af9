import { Webhook } from 'standardwebhooks';
import { createPlatform, createUser } from '../../fixtures/factories';
import { configureWebhooks } from '../../server/src/features/webhooks/settings';
import { leaseIdFor, WebhookAttemptModel, WebhookDeliveryModel, WebhookEndpointModel, WebhookOutboxModel } from '../../server/src/features/webhooks/model';
import { HttpClient } from '../support/http';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type ReceivedWebhook, type WebhookReceiver } from '../support/webhookReceiver';
import { correctCase, publishCase, report, webhookPlatform, type WebhookPlatform } from '../support/webhooks';
import { createTeam, loggedIn, type Team } from '../support/workbench';

const FAST_RETRIES = [100, 100, 100, 100, 100, 100, 100];
let app: TestApp;
let team: Team;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  // Receivers listen on 127.0.0.1; retries come quickly so the schedule can be watched.
  app = await startTestApp({ webhooks: { allowPrivate: true, pollMs: 50, retryDelaysMs: FAST_RETRIES } });
  team = await createTeam(app.baseUrl);
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await app.close();
});

async function receiver(answer?: WebhookReceiver['answer']) {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

async function subscribe(platform: WebhookPlatform, url: string, events = ['claim.resolved', 'publication.updated']) {
  const created = await platform.http.post('/api/v1/webhooks', { url, events });
  expect(created.status).toBe(201);
  return created.body as { id: string; url: string; events: string[]; enabled: boolean; secret: string };
}

const verified = (secret: string, message: ReceivedWebhook) => new Webhook(secret).verify(message.body, message.headers) as { type: string; data: any };

describe('managing endpoints', () => {
  test('create shows the secret once; list, update and delete never show it', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    const created = await subscribe(platform, 'https://hooks.example.org/refute', ['claim.resolved']);
    expect(created).toMatchObject({ url: 'https://hooks.example.org/refute', events: ['claim.resolved'], enabled: true });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);

    const listed = await platform.http.get('/api/v1/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id, enabled: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);

    const updated = await platform.http.request('PATCH', `/api/v1/webhooks/${created.id}`, { json: { events: ['publication.updated'], enabled: false } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ events: ['publication.updated'], enabled: false });
    expect(updated.body.secret).toBeUndefined();

    expect((await platform.http.request('DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(204);
    expect((await platform.http.get('/api/v1/webhooks')).body.items).toEqual([]);
    expect((await platform.http.request('DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(404);
  });

  test("another organisation's endpoint is not found, whatever is asked of it", async () => {
    const owner = await webhookPlatform(app.baseUrl);
    const other = await webhookPlatform(app.baseUrl);
    const created = await subscribe(owner, 'https://hooks.example.org/owner');
    const base = `/api/v1/webhooks/${created.id}`;
    expect((await other.http.request('PATCH', base, { json: { enabled: false } })).status).toBe(404);
    expect((await other.http.request('DELETE', base)).status).toBe(404);
    expect((await other.http.post(`${base}/rotate-secret`)).status).toBe(404);
    expect((await other.http.get(`${base}/deliveries`)).status).toBe(404);
    expect((await other.http.post(`${base}/deliveries/msg_${'0'.repeat(32)}/replay`)).status).toBe(404);
    expect((await other.http.get('/api/v1/webhooks')).body.items).toEqual([]);
    // An API key cannot reach into another organisation with ?org= either.
    expect((await other.http.get(`/api/v1/webhooks?org=${owner.orgId}`)).status).toBe(403);
    expect(await WebhookEndpointModel.countDocuments({ _id: created.id, enabled: true })).toBe(1);
  });

  test('a key without webhooks:manage is refused; a Refute admin manages any platform with ?org=, a platform admin only their own', async () => {
    const owner = await webhookPlatform(app.baseUrl);
    const withoutScope = await createPlatform(['claims:write', 'claims:read']);
    expect((await new HttpClient(app.baseUrl, { apiKey: withoutScope.apiKey }).get('/api/v1/webhooks')).status).toBe(403);
    expect((await new HttpClient(app.baseUrl).get('/api/v1/webhooks')).status).toBe(401);
    expect((await team.reviewer.http.get('/api/v1/webhooks')).status).toBe(403);

    const refuteAdmin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'] }));
    const made = await refuteAdmin.http.post(`/api/v1/webhooks?org=${owner.orgId}`, { url: 'https://hooks.example.org/by-admin', events: ['claim.resolved'] });
    expect(made.status).toBe(201);
    expect((await owner.http.get('/api/v1/webhooks')).body.items.map((item: { id: string }) => item.id)).toEqual([made.body.id]);

    const platformAdmin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'], orgId: owner.orgId }));
    expect((await platformAdmin.http.get('/api/v1/webhooks')).body.items).toHaveLength(1);
    const elsewhere = await webhookPlatform(app.baseUrl);
    expect((await platformAdmin.http.get(`/api/v1/webhooks?org=${elsewhere.orgId}`)).status).toBe(403);
  });

  test('bad input is a 400 naming the field, and changes nothing', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    const cases: unknown[] = [
      {},
      { url: 'not a url', events: ['claim.resolved'] },
      { url: 'ftp://hooks.example.org/x', events: ['claim.resolved'] },
      { url: 'https://hooks.example.org/x', events: [] },
      { url: 'https://hooks.example.org/x', events: ['claim.exploded'] },
      { url: 'https://hooks.example.org/x', events: ['claim.resolved'], secret: 'whsec_mine' },
    ];
    for (const body of cases) {
      const response = await platform.http.post('/api/v1/webhooks', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect((await platform.http.post('/api/v1/webhooks', undefined, { raw: '{"url":' })).status).toBe(400);
    expect((await platform.http.request('PATCH', '/api/v1/webhooks/not-an-id', { json: { enabled: true } })).status).toBe(400);
    const created = await subscribe(platform, 'https://hooks.example.org/y');
    expect((await platform.http.request('PATCH', `/api/v1/webhooks/${created.id}`, { json: {} })).status).toBe(400);
    expect((await platform.http.request('PATCH', `/api/v1/webhooks/${created.id}`, { json: { enabled: 'yes' } })).status).toBe(400);
    expect((await platform.http.post(`/api/v1/webhooks/${created.id}/deliveries/nope/replay`)).status).toBe(400);
    expect((await platform.http.get('/api/v1/webhooks')).body.items).toHaveLength(1);
  });
});

describe('delivering events', () => {
  test('a published case reaches every platform that reported it, each with its own reports, signed per Standard Webhooks', async () => {
    const [first, second, bystander] = await Promise.all([webhookPlatform(app.baseUrl), webhookPlatform(app.baseUrl), webhookPlatform(app.baseUrl)]);
    const [firstReceiver, secondReceiver, bystanderReceiver] = await Promise.all([receiver(), receiver(), receiver()]);
    const firstHook = await subscribe(first, firstReceiver.url);
    const secondHook = await subscribe(second, secondReceiver.url);
    await subscribe(bystander, bystanderReceiver.url);

    const original = await report(first);
    const repeat = await report(second, { text: original.text });
    expect(repeat.caseId).toBe(original.caseId);
    const publication = await publishCase(team, original.caseId);

    await waitFor('both platforms to be told', () => firstReceiver.received.length >= 1 && secondReceiver.received.length >= 1);
    const toFirst = verified(firstHook.secret, firstReceiver.received[0]!);
    expect(toFirst).toMatchObject({ type: 'claim.resolved', data: { caseId: original.caseId, publication: { id: publication.id, version: 1, verdict: 'false' }, reports: [{ id: original.id, externalId: original.externalId }] } });
    expect(toFirst.data.publication.url).toMatch(/\/r\//);
    const toSecond = verified(secondHook.secret, secondReceiver.received[0]!);
    expect(toSecond.data.reports).toEqual([{ id: repeat.id, externalId: repeat.externalId }]);
    // The other platform's secret does not verify it.
    expect(() => verified(firstHook.secret, secondReceiver.received[0]!)).toThrow();
    expect(bystanderReceiver.received).toHaveLength(0);

    // A correction follows as publication.updated.
    await correctCase(team, original.caseId);
    await waitFor('the correction', () => firstReceiver.received.length >= 2);
    expect(verified(firstHook.secret, firstReceiver.received[1]!)).toMatchObject({ type: 'publication.updated', data: { publication: { version: 2, verdict: 'misleading', correctionReason: 'New evidence' } } });

    // The receiver answers before the outcome is recorded.
    await waitFor('the outcomes to be recorded', async () => (await WebhookDeliveryModel.countDocuments({ endpointId: firstHook.id, status: 'delivered' })) === 2);
    const log = await first.http.get(`/api/v1/webhooks/${firstHook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toMatchObject({ type: 'publication.updated', status: 'delivered', attempts: 1, lastResponseCode: 204, nextAttemptAt: null, log: [{ attempt: 1, responseCode: 204, error: null }] });
    expect(log.body.items[0].log[0].latencyMs).toEqual(expect.any(Number));
    // The outcome lives in the delivery; an attempt another process is making shows as in progress.
    const delivered = (await WebhookDeliveryModel.findById(log.body.items[0].id).lean())!;
    expect(delivered.log).toEqual([expect.objectContaining({ attempt: 1, responseCode: 204, error: null })]);
    const startedAt = new Date();
    await WebhookOutboxModel.collection.insertMany([
      { ...delivered, _id: `${delivered._id}:elsewhere`, deliveryId: delivered._id, batch: 'elsewhere', status: 'pending', nextAttemptAt: new Date(Date.now() + 3_600_000), finishedAt: null },
      { _id: leaseIdFor('elsewhere', 1), batch: 'elsewhere', leaseGeneration: 1, worker: 'elsewhere', startedAt, staleAt: new Date(Date.now() + 3_600_000) },
    ] as never);
    const during = await first.http.get(`/api/v1/webhooks/${firstHook.id}/deliveries`);
    expect(during.body.items[0]).toMatchObject({ id: delivered._id, status: 'pending' });
    expect(during.body.items[0].log).toEqual([expect.objectContaining({ attempt: 1, responseCode: 204 }), expect.objectContaining({ attempt: 2, responseCode: null, error: 'in progress' })]);
    await WebhookOutboxModel.deleteMany({ batch: 'elsewhere' });
  });

  test('a report matching a published case is answered by claim.matched, to its own platform only', async () => {
    const [publisher, latecomer] = await Promise.all([webhookPlatform(app.baseUrl), webhookPlatform(app.baseUrl)]);
    const [publisherSink, latecomerSink] = await Promise.all([receiver(), receiver()]);
    await subscribe(publisher, publisherSink.url, ['claim.matched']);
    const hook = await subscribe(latecomer, latecomerSink.url, ['claim.matched']);
    const original = await report(publisher);
    const publication = await publishCase(team, original.caseId);
    const late = await report(latecomer, { text: original.text });
    expect(late.caseId).toBe(original.caseId);

    await waitFor('claim.matched', () => latecomerSink.received.length >= 1);
    expect(verified(hook.secret, latecomerSink.received[0]!)).toMatchObject({
      type: 'claim.matched',
      data: { caseId: original.caseId, report: { id: late.id, externalId: late.externalId }, publication: { id: publication.id, version: 1 } },
    });
    // The report that was there before the verdict is not a match to it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(publisherSink.received).toHaveLength(0);
    expect(latecomerSink.received).toHaveLength(1);

    // Lost (a crash before the outbox write): the scan at start finds the report, matches it to
    // the version public when it arrived, and writes the event again, under the same id.
    await WebhookDeliveryModel.deleteOne({ _id: latecomerSink.received[0]!.id });
    const { recoverMatchedEvents } = await import('../../server/src/features/webhooks/matchedEvents');
    expect(await recoverMatchedEvents()).toBe(1);
    await waitFor('the recovered claim.matched', () => latecomerSink.received.length === 2);
    expect(latecomerSink.received[1]!.id).toBe(latecomerSink.received[0]!.id);
    expect(latecomerSink.received[1]!.body).toBe(latecomerSink.received[0]!.body);
    expect(publisherSink.received).toHaveLength(0);
  });

  test('an event is enqueued once per endpoint however often it is produced, and the start-up scan restores a lost one', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    const sink = await receiver();
    await subscribe(platform, sink.url);
    const claim = await report(platform);
    await publishCase(team, claim.caseId);
    await waitFor('the delivery', () => sink.received.length === 1);
    const { recoverPublicationEvents } = await import('../../server/src/features/webhooks/publicationEvents');
    const { recoverMatchedEvents } = await import('../../server/src/features/webhooks/matchedEvents');
    expect(await recoverPublicationEvents()).toBe(0);
    expect(await recoverMatchedEvents()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received).toHaveLength(1);

    // An outbox write a crash cut short (so never attempted either): the scan at start writes it, under the same id.
    await WebhookDeliveryModel.deleteOne({ _id: sink.received[0]!.id });
    await WebhookAttemptModel.deleteMany({ deliveryId: sink.received[0]!.id });
    expect(await recoverPublicationEvents()).toBe(1);
    await waitFor('the recovered delivery', () => sink.received.length === 2);
    expect(sink.received[1]!.id).toBe(sink.received[0]!.id);
    expect(sink.received[1]!.body).toBe(sink.received[0]!.body);
  });

  test('a receiver down and then back gets every event once it is back, its failed attempts logged', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    // Down until each of the three events has been refused at least once: connections are cut
    // without an answer (the port stays ours, so nothing else takes it meanwhile).
    const refused = new Set<string>();
    const sink = await receiver((message) => {
      if (refused.size === 3) return 204;
      refused.add(message.id);
      return 0;
    });
    // Retries slow enough that none runs out of its schedule while the three are published.
    configureWebhooks({ retryDelaysMs: [200, 1000, 1000, 1000, 1000, 1000, 1000] });
    const hook = await subscribe(platform, sink.url);
    const claims = [await report(platform), await report(platform), await report(platform)];
    for (const claim of claims) await publishCase(team, claim.caseId);
    await waitFor('every delivery to succeed', async () => (await WebhookDeliveryModel.countDocuments({ endpointId: hook.id, status: 'delivered' })) === 3);
    const accepted = sink.received.slice(-3);
    expect(new Set(accepted.map((message) => message.id)).size).toBe(3);
    const externalIds = accepted.map((message) => (verified(hook.secret, message).data.reports as Array<{ externalId: string }>)[0]!.externalId);
    expect(new Set(externalIds)).toEqual(new Set(claims.map((claim) => claim.externalId)));
    const log = (await platform.http.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.items as Array<{ status: string; log: Array<{ responseCode: number | null; error: string | null }> }>;
    for (const delivery of log) {
      expect(delivery.log[0]).toMatchObject({ responseCode: null, error: expect.any(String) });
      expect(delivery.log.at(-1)).toMatchObject({ responseCode: 204, error: null });
    }
    configureWebhooks({ retryDelaysMs: FAST_RETRIES });
  });

  test('after a rotation both the old and the new secret verify, for the grace period', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    const sink = await receiver();
    const hook = await subscribe(platform, sink.url);
    const rotated = await platform.http.post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const claim = await report(platform);
    await publishCase(team, claim.caseId);
    await waitFor('the delivery', () => sink.received.length === 1);
    const message = sink.received[0]!;
    expect(message.signature.split(' ')).toHaveLength(2);
    expect(verified(rotated.body.secret as string, message).type).toBe('claim.resolved');
    expect(verified(hook.secret, message).type).toBe('claim.resolved');

    // Once the grace period is over, only the new secret signs.
    await WebhookEndpointModel.updateOne({ _id: hook.id }, { $set: { 'secrets.1.expiresAt': new Date(Date.now() - 1000) } });
    const later = await report(platform);
    await publishCase(team, later.caseId);
    await waitFor('the second delivery', () => sink.received.length === 2);
    expect(sink.received[1]!.signature.split(' ')).toHaveLength(1);
    expect(verified(rotated.body.secret as string, sink.received[1]!).type).toBe('claim.resolved');
    expect(() => verified(hook.secret, sink.received[1]!)).toThrow();
  });

  test('410 Gone disables the endpoint and ends the delivery; enabling it again and replaying delivers it', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    let gone = true;
    const sink = await receiver(() => (gone ? 410 : 200));
    const hook = await subscribe(platform, sink.url);
    const claim = await report(platform);
    await publishCase(team, claim.caseId);
    await waitFor('the endpoint to be disabled', async () => (await WebhookEndpointModel.findById(hook.id).lean())?.enabled === false);
    const listed = (await platform.http.get('/api/v1/webhooks')).body.items[0];
    expect(listed).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });
    const [delivery] = (await platform.http.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.items;
    await waitFor('the delivery to fail', async () => (await WebhookDeliveryModel.findById(delivery.id).lean())?.status === 'failed');
    expect(sink.received).toHaveLength(1);

    const refused = await platform.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/replay`);
    expect(refused.status).toBe(409);
    gone = false;
    expect((await platform.http.request('PATCH', `/api/v1/webhooks/${hook.id}`, { json: { enabled: true } })).body).toMatchObject({ enabled: true, disabledReason: null });
    const replayed = await platform.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/replay`);
    expect(replayed.status).toBe(202);
    await waitFor('the replay', () => sink.received.length === 2);
    expect(sink.received[1]!.id).toBe(sink.received[0]!.id);
    expect(sink.received[1]!.body).toBe(sink.received[0]!.body);
    await waitFor('the log to show it delivered', async () => (await WebhookDeliveryModel.findById(delivery.id).lean())?.status === 'delivered');
    const log = (await platform.http.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.items[0];
    expect(log.log.map((entry: { responseCode: number }) => entry.responseCode)).toEqual([410, 200]);
  });

  test('an endpoint whose deliveries have all failed for five days is disabled; a success in between starts the count again', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    let failing = false;
    const sink = await receiver(() => (failing ? 500 : 204));
    const hook = await subscribe(platform, sink.url);
    // Failing for a day, then a success: the count starts again.
    await WebhookEndpointModel.updateOne({ _id: hook.id }, { $set: { failingSince: new Date(Date.now() - 24 * 3_600_000) } });
    await publishCase(team, (await report(platform)).caseId);
    await waitFor('the success to clear the count', async () => (await WebhookEndpointModel.findById(hook.id).lean())?.failingSince === null);

    failing = true;
    await WebhookEndpointModel.updateOne({ _id: hook.id }, { $set: { failingSince: new Date(Date.now() - 5 * 24 * 3_600_000 - 1000) } });
    await publishCase(team, (await report(platform)).caseId);
    await waitFor('the endpoint to be disabled', async () => (await WebhookEndpointModel.findById(hook.id).lean())?.enabled === false);
    expect((await platform.http.get('/api/v1/webhooks')).body.items[0]).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('5 days') });
    // Disabled at the first failure past the five days, not after the whole schedule.
    expect(sink.received).toHaveLength(2);
  });

  test('a receiver that keeps failing is tried on the whole schedule, then the delivery fails', async () => {
    const platform = await webhookPlatform(app.baseUrl);
    const sink = await receiver(() => 500);
    const hook = await subscribe(platform, sink.url);
    const claim = await report(platform);
    await publishCase(team, claim.caseId);
    await waitFor('the schedule to run out', async () => (await WebhookDeliveryModel.findOne({ endpointId: hook.id }).lean())?.status === 'failed');
    // The first attempt and seven retries.
    expect(sink.received).toHaveLength(8);
    expect(new Set(sink.received.map((message) => message.id)).size).toBe(1);
    const times = sink.received.map((message) => message.at);
    expect(times.slice(1).every((at, index) => at - times[index]! >= 80)).toBe(true);
  });
});
