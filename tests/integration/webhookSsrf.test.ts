/** With REFUTE_WEBHOOK_ALLOW_PRIVATE off (the default), webhooks never reach private addresses. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { isForbiddenAddress } from '../../server/src/features/webhooks/addressPolicy';
import { WebhookEndpointModel, WebhookOutboxModel } from '../../server/src/features/webhooks/model';
import { sendWebhook } from '../../server/src/features/webhooks/send';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type WebhookReceiver } from '../support/webhookReceiver';
import { publishCase, report, webhookPlatform } from '../support/webhooks';
import { createTeam, type Team } from '../support/workbench';

let app: TestApp;
let team: Team;
let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await startTestApp({ webhooks: { pollMs: 50 } });
  team = await createTeam(app.baseUrl);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
});

const post = (url: string, allowPrivate = false) => sendWebhook(url, { 'content-type': 'application/json' }, '{}', allowPrivate);

test('loopback, private, link-local, CGNAT and metadata addresses are refused before connecting', async () => {
  const port = new URL(receiver.url).port;
  for (const url of [
    `http://127.0.0.1:${port}/hook`,
    `http://localhost:${port}/hook`,
    `http://[::1]:${port}/hook`,
    `http://[::ffff:127.0.0.1]:${port}/hook`,
    'http://10.1.2.3/hook',
    'http://192.168.1.10/hook',
    'http://172.20.0.5/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/latest/meta-data/',
    'http://0.0.0.0/hook',
  ]) {
    const result = await post(url);
    expect({ url, ...result }).toMatchObject({ url, responseCode: null, error: expect.stringMatching(/^refused: /) });
  }
  expect(receiver.received).toHaveLength(0);
  // With the setting on, the same loopback receiver is reached.
  expect(await post(`http://127.0.0.1:${port}/hook`, true)).toMatchObject({ responseCode: 204, error: null });
  expect(receiver.received).toHaveLength(1);
});

test('public addresses are allowed by the policy', () => {
  for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isForbiddenAddress(address)).toBe(false);
  for (const address of ['127.0.0.53', 'fd00:ec2::254', 'fe80::1', '::', '100.64.0.1', '::ffff:7f00:1']) expect(isForbiddenAddress(address)).toBe(true);
});

test('a redirect is not followed, and is not a success', async () => {
  const target = await startReceiver();
  const redirector = await startReceiver(() => ({ status: 307, location: target.url }));
  try {
    const result = await post(redirector.url, true);
    expect(result.responseCode).toBe(307);
    expect(redirector.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
  } finally {
    await Promise.all([target.close(), redirector.close()]);
  }
});

test('only 64 KiB of an answer is read', async () => {
  let written = 0;
  const chatty = http.createServer((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const push = () => {
      while (written < 50 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', push);
      }
      res.end();
    };
    push();
  });
  await new Promise<void>((resolve) => chatty.listen(0, '127.0.0.1', resolve));
  try {
    const result = await post(`http://127.0.0.1:${(chatty.address() as AddressInfo).port}/`, true);
    expect(result).toMatchObject({ responseCode: 200, error: null });
    // The sender stopped reading long before the 50 MiB were written.
    expect(written).toBeLessThan(20 * 1024 * 1024);
  } finally {
    chatty.closeAllConnections();
    await new Promise((resolve) => chatty.close(resolve));
  }
});

test('an endpoint on a private address is refused at creation, and a host name resolving to one at delivery', async () => {
  const platform = await webhookPlatform(app.baseUrl);
  for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.0.0.1/hook', 'http://[::1]/hook', 'http://169.254.169.254/']) {
    const refused = await platform.http.post('/api/v1/webhooks', { url, events: ['claim.resolved'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('webhook_url_refused');
  }
  const created = await platform.http.post('/api/v1/webhooks', { url: 'https://hooks.example.org/hook', events: ['claim.resolved'] });
  expect(created.status).toBe(201);
  const patched = await platform.http.request('PATCH', `/api/v1/webhooks/${created.body.id}`, { json: { url: 'http://192.168.0.1/' } });
  expect(patched.status).toBe(400);

  // A name is judged after it is resolved, at each delivery (DNS can change after creation).
  const port = new URL(receiver.url).port;
  await WebhookEndpointModel.updateOne({ _id: created.body.id }, { $set: { url: `http://localhost:${port}/hook` } });
  const before = receiver.received.length;
  await publishCase(team, (await report(platform)).caseId);
  const orgId = new Types.ObjectId(platform.orgId);
  // Refused, it waits in the outbox for its retry.
  const refusedOnce = () => WebhookOutboxModel.findOne({ orgId, attempts: { $gte: 1 } }).lean();
  await waitFor('the refused attempt', async () => (await refusedOnce()) !== null);
  const delivery = (await refusedOnce())!;
  expect(delivery.lastError).toMatch(/^refused: localhost resolves to/);
  expect(delivery.log?.[0]).toMatchObject({ attempt: 1, responseCode: null, error: expect.stringMatching(/^refused: localhost resolves to/) });
  expect(receiver.received).toHaveLength(before);
});
