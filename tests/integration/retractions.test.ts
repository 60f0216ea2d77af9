import http from 'node:http';
import { parseFeed } from '@rowanmanning/feed-parser';
import { Webhook } from 'standardwebhooks';
import type { PublicationView } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { PublicationModel } from '../../server/src/features/publications/model';
import { WebhookDeliveryModel } from '../../server/src/features/webhooks/model';
import { recoverMatchedEvents } from '../../server/src/features/webhooks/matchedEvents';
import { connected, eventually, nextEvent, socketClients } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type ReceivedWebhook, type WebhookReceiver } from '../support/webhookReceiver';
import { publishCase, report, webhookPlatform, type WebhookPlatform } from '../support/webhooks';
import { createTeam, loggedIn, type Member, type Team } from '../support/workbench';

// Retractions: a lead of the reviewing organisation withdraws a published verdict, and every
// place that showed it — the case, the platforms' webhooks and console, the feeds, the public
// pages, matching — says so from then on.
let app: TestApp;
let team: Team;
let receiver: WebhookReceiver;
const openSocket = socketClients(() => app.baseUrl);

beforeAll(async () => {
  app = await startTestApp({ webhooks: { allowPrivate: true, pollMs: 50, retryDelaysMs: [100, 100, 100, 100, 100, 100, 100] } });
  team = await createTeam(app.baseUrl);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});

const retract = (member: Member, publicationId: string, body: unknown) => member.http.post(`/api/v1/publications/${publicationId}/retract`, body);

function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${app.baseUrl}${path}`, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** A case reported by two platforms (each subscribed to every event) and published by the team's lead. */
async function publishedByTwoPlatforms(text: string) {
  const platforms: WebhookPlatform[] = [await webhookPlatform(app.baseUrl), await webhookPlatform(app.baseUrl)];
  const secrets: string[] = [];
  for (const platform of platforms) {
    const created = await platform.http.post('/api/v1/webhooks', { url: receiver.url, events: ['claim.resolved', 'publication.updated', 'publication.retracted'] });
    expect(created.status).toBe(201);
    secrets.push(created.body.secret as string);
  }
  const first = await report(platforms[0]!, { text });
  const second = await report(platforms[1]!, { text });
  expect(second.caseId).toBe(first.caseId);
  const publication = (await publishCase(team, first.caseId)) as PublicationView;
  return { platforms, secrets, reports: [first, second], caseId: first.caseId, publication };
}

const retractedEvents = (caseId: string) =>
  receiver.received.filter((message) => {
    const body = JSON.parse(message.body) as { type: string; data: { caseId: string } };
    return body.type === 'publication.retracted' && body.data.caseId === caseId;
  });

test('a lead of the reviewing organisation retracts with a reason: stored as the next version, shown on the case, audited, sent to every platform that reported it', async () => {
  const { platforms, secrets, reports, caseId, publication } = await publishedByTwoPlatforms('Drinking vinegar every morning dissolves kidney stones within days');
  const answer = await retract(team.lead, publication.id, { reason: '  The cited trial was withdrawn by its journal  ' });
  expect(answer.status).toBe(201);
  const retraction = answer.body as PublicationView;
  expect(retraction).toMatchObject({ caseId, version: 2, verdict: publication.verdict, headline: publication.headline, correctionReason: null });
  expect(retraction.retraction).toEqual({ reason: 'The cited trial was withdrawn by its journal', retractedAt: retraction.publishedAt });
  expect(retraction.slug).not.toBe(publication.slug);

  // The retracted version says so too; publications stay append-only (v1 is unchanged in the database).
  const first = await team.reviewer.http.get(`/api/v1/publications/${publication.id}`);
  expect(first.body).toMatchObject({ id: publication.id, version: 1, retraction: retraction.retraction });
  expect((await PublicationModel.findById(publication.id).lean())?.retraction ?? null).toBeNull();

  // The case shows it: status, reason, date, the public notice, and its history.
  const detail = (await team.reviewer.http.get(`/api/v1/cases/${caseId}`)).body;
  expect(detail).toMatchObject({ status: 'retracted', publicationId: retraction.id, retraction: { reason: 'The cited trial was withdrawn by its journal', retractedAt: retraction.publishedAt, slug: retraction.slug } });
  expect(detail.history.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['case.retracted', 'publication.retracted']));
  const audit = await AuditEventModel.find({ subjectId: { $in: [caseId, retraction.id] } }).lean();
  const retractionAudit = audit.filter((entry) => entry.action.endsWith('.retracted'));
  expect(retractionAudit.map((entry) => ({ action: entry.action, actor: String(entry.actor?.id) })).sort((a, b) => a.action.localeCompare(b.action))).toEqual([
    { action: 'case.retracted', actor: team.lead.id },
    { action: 'publication.retracted', actor: team.lead.id },
  ]);

  // Each platform gets publication.retracted, signed, with its own report's externalId only.
  await waitFor('publication.retracted to both platforms', () => retractedEvents(caseId).length === 2);
  const bodies = retractedEvents(caseId).map((message: ReceivedWebhook) => {
    const index = secrets.findIndex((secret) => {
      try {
        new Webhook(secret).verify(message.body, message.headers);
        return true;
      } catch {
        return false;
      }
    });
    expect(index).toBeGreaterThanOrEqual(0);
    return { index, body: new Webhook(secrets[index]!).verify(message.body, message.headers) as { type: string; timestamp: string; data: any } };
  });
  expect(bodies.map(({ index }) => index).sort()).toEqual([0, 1]);
  for (const { index, body } of bodies) {
    expect(body).toEqual({
      type: 'publication.retracted',
      timestamp: retraction.publishedAt,
      data: {
        caseId,
        publication: {
          id: retraction.id,
          version: 2,
          verdict: publication.verdict,
          headline: publication.headline,
          summary: publication.summary,
          url: retraction.url,
          correctionReason: null,
          retraction: retraction.retraction,
          publishedAt: retraction.publishedAt,
        },
        reports: [{ id: reports[index]!.id, externalId: reports[index]!.externalId }],
      },
    });
  }
  // The report's status, for the platform that polls instead: retracted, and no verdict any more.
  const status = await platforms[0]!.http.get(`/api/v1/claims/${reports[0]!.id}`);
  expect(status.body).toMatchObject({ status: 'retracted', publication: { id: retraction.id, url: retraction.url } });
  expect(status.body.verdict).toBeUndefined();
});

test('refusals: a reason is required, only leads, only of the reviewing organisation, only the current published version, only once', async () => {
  const { publication, caseId } = await publishedByTwoPlatforms('Sleeping with a fan on causes facial paralysis overnight');
  const reviewingColleague = await loggedIn(app.baseUrl, await createUser({ roles: ['lead'], orgId: (await team.lead.http.get('/api/v1/auth/me')).body.user.orgId }));
  for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', extra: true }]) {
    const refused = await retract(team.lead, publication.id, body);
    expect({ body, status: refused.status, code: refused.body.error.code }).toEqual({ body, status: 400, code: 'validation_failed' });
  }
  expect((await retract(team.lead, 'not-an-id', { reason: 'x' })).status).toBe(400);
  expect((await retract(team.lead, '0123456789abcdef01234567', { reason: 'x' })).status).toBe(404);
  const reviewer = await retract(team.reviewer, publication.id, { reason: 'x' });
  expect([reviewer.status, reviewer.body.error.code]).toEqual([403, 'forbidden']);
  const other = await retract(team.otherLead, publication.id, { reason: 'x' });
  expect([other.status, other.body.error.code]).toEqual([403, 'other_organisation']);

  // Reopened for a correction, the case is not published now: nothing to retract until it is.
  expect((await team.otherLead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: 'Checking a new study' })).status).toBe(200);
  const reopened = await retract(team.lead, publication.id, { reason: 'x' });
  expect([reopened.status, reopened.body.error.code]).toEqual([409, 'not_published']);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const corrected = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(corrected.status).toBe(200);
  // An earlier version is not the verdict that stands.
  const earlier = await retract(team.lead, publication.id, { reason: 'x' });
  expect([earlier.status, earlier.body.error.code]).toEqual([409, 'not_published']);

  // Another lead of the organisation that reviewed it may; a second time is refused.
  expect((await retract(reviewingColleague, corrected.body.publication.id, { reason: 'Withdrawn at the source' })).status).toBe(201);
  const again = await retract(team.lead, corrected.body.publication.id, { reason: 'Again' });
  expect([again.status, again.body.error.code]).toEqual([409, 'already_retracted']);
  expect((await team.lead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: 'x' })).status).toBe(409);
  // Nothing a refusal changed: one retraction, and the refused reasons nowhere.
  expect(await PublicationModel.countDocuments({ caseId, retraction: { $ne: null } })).toBe(1);
  await waitFor('the retraction to both platforms', () => retractedEvents(caseId).length === 2);
});

test('retracting several times at once writes one retraction', async () => {
  const { publication, caseId } = await publishedByTwoPlatforms('Eating bananas with milk poisons the liver');
  const answers = await Promise.all(Array.from({ length: 6 }, (_, index) => retract(team.lead, publication.id, { reason: `Race ${index}` })));
  expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  const versions = await PublicationModel.find({ caseId }).lean();
  expect(versions.map((version) => version.version).sort()).toEqual([1, 2]);
  expect(await AuditEventModel.countDocuments({ action: 'publication.retracted', subjectId: String(versions.find((version) => version.version === 2)!._id) })).toBe(1);
  await waitFor('the retraction to both platforms', () => retractedEvents(caseId).length === 2);
});

test('the feed, Atom and JSON Feed show the retracted entry with its notice and date; their ETags change', async () => {
  const { publication, caseId } = await publishedByTwoPlatforms('用微波炉加热过的水浇花会让植物死掉，因为水的分子结构被改变了');
  const before = await Promise.all(['/api/v1/feed', '/feed.atom', '/feed.json'].map((path) => rawGet(path)));
  const retraction = (await retract(team.lead, publication.id, { reason: '审核机构发现引用的实验无法复现' })).body as PublicationView;
  const after = await Promise.all(['/api/v1/feed', '/feed.atom', '/feed.json'].map((path) => rawGet(path)));
  after.forEach((response, index) => {
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeTruthy();
    expect(response.headers.etag).not.toBe(before[index]!.headers.etag);
  });
  // A reader holding the old ETag gets the new document.
  expect((await rawGet('/feed.atom', { 'if-none-match': before[1]!.headers.etag! })).status).toBe(200);

  const items = (JSON.parse(after[0]!.body) as { items: PublicationView[] }).items;
  expect(items[0]).toMatchObject({ id: retraction.id, version: 2, retraction: { reason: '审核机构发现引用的实验无法复现', retractedAt: retraction.publishedAt } });

  const day = retraction.publishedAt.slice(0, 10);
  const atom = parseFeed(after[1]!.body);
  const entry = atom.items.find((item) => item.url === retraction.url)!;
  expect(entry.title).toBe(`【已撤回】${publication.headline}`);
  expect(entry.published?.toISOString()).toBe(publication.publishedAt);
  expect(entry.updated?.toISOString()).toBe(retraction.publishedAt);
  expect(entry.description).toBe(`已撤回（${day}）：此结论已被审核机构撤回，不再有效。撤回原因: 审核机构发现引用的实验无法复现\n${publication.summary}`);
  expect(entry.content).toMatch(/^<p role="note"><strong>已撤回（\d{4}-\d{2}-\d{2}）：[^<]*审核机构发现引用的实验无法复现<\/strong><\/p><p><strong>已撤回的结论: /);
  // The retracted version is not listed a second time as if it stood.
  expect(atom.items.filter((item) => item.id === entry.id)).toHaveLength(1);
  expect(atom.updated?.toISOString()).toBe(retraction.publishedAt);

  const json = JSON.parse(after[2]!.body) as { items: Array<{ url: string; title: string; summary: string; date_published: string; date_modified: string; _refute: { retraction: unknown } }> };
  const item = json.items.find((candidate) => candidate.url === retraction.url)!;
  expect(item).toMatchObject({
    title: `【已撤回】${publication.headline}`,
    date_published: publication.publishedAt,
    date_modified: retraction.publishedAt,
    _refute: { retraction: { reason: '审核机构发现引用的实验无法复现', retractedAt: retraction.publishedAt } },
  });
  expect(item.summary.startsWith(`已撤回（${day}）`)).toBe(true);
  await waitFor('the retraction to both platforms', () => retractedEvents(caseId).length === 2);
});

test('the public page of any version leads with the retraction notice in Chinese and English, without ClaimReview; embed, oEmbed and search no longer present the verdict', async () => {
  const text = 'Standing near a wifi router for an hour causes memory loss in children';
  const { publication, caseId } = await publishedByTwoPlatforms(text);
  // Before: a verdict with its ClaimReview, found by search.
  const live = await rawGet(`/r/${publication.slug}?lang=en`);
  expect(live.body).toContain('application/ld+json');
  expect((await rawGet(`/search?q=${encodeURIComponent(text)}&lang=en`)).body).toContain(`/r/${publication.slug}`);

  const retraction = (await retract(team.lead, publication.id, { reason: 'The <study> was retracted & replaced' })).body as PublicationView;
  for (const slug of [publication.slug, retraction.slug]) {
    const en = await rawGet(`/r/${slug}?lang=en`);
    expect(en.status).toBe(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.body).toContain('<h2 id="retracted">This verdict has been retracted</h2>');
    expect(en.body).toMatch(/The reviewing organisation retracted this verdict on <time datetime="[^"]+">\d{1,2} [A-Z][a-z]+ \d{4}<\/time>/);
    expect(en.body).toContain('The &lt;study&gt; was retracted &amp; replaced');
    expect(en.body).toContain('data-verdict="retracted"');
    expect(en.body).not.toContain('application/ld+json');
    expect(en.body).not.toContain('og:image');
    expect(en.body).toContain('<title>Retracted: ');
    // The notice comes before the withdrawn content, which is labelled as such.
    expect(en.body.indexOf('data-testid="retraction-notice"')).toBeLessThan(en.body.indexOf(publication.summary));
    expect(en.body).toContain('What was published before the retraction (no longer valid, kept for the record)');
    const zh = await rawGet(`/r/${slug}?lang=zh`);
    expect(zh.body).toContain('此结论已被撤回');
    expect(zh.body).toMatch(/核查机构于 <time datetime="[^"]+">\d{4}年\d{1,2}月\d{1,2}日<\/time> 撤回了这条结论/);
    expect(zh.body).not.toContain('application/ld+json');
  }

  const embed = await rawGet(`/embed/${publication.slug}?lang=en`);
  expect(embed.body).toContain('data-verdict="retracted"');
  expect(embed.body).toContain('This verdict has been retracted');
  expect(embed.body).not.toContain(`data-verdict="${publication.verdict}"`);
  const oembed = JSON.parse((await rawGet(`/oembed?url=${encodeURIComponent(`${app.baseUrl}/r/${publication.slug}`)}&lang=en`)).body) as { title: string; thumbnail_url?: string };
  expect(oembed.title).toBe(`Retracted: ${publication.headline}`);
  expect(oembed.thumbnail_url).toBeUndefined();

  const search = await rawGet(`/search?q=${encodeURIComponent(text)}&lang=en`);
  expect(search.body).not.toContain(`/r/${publication.slug}`);
  expect(search.body).not.toContain(`/r/${retraction.slug}`);
  await waitFor('the retraction to both platforms', () => retractedEvents(caseId).length === 2);
});

test('a retracted case answers no match: POST /match and intake treat it as unknown, and no claim.matched is sent', async () => {
  const text = 'Cutting an onion and leaving it in the room absorbs the flu virus from the air';
  const { platforms, publication, caseId } = await publishedByTwoPlatforms(text);
  expect((await platforms[0]!.http.post('/api/v1/match', { text })).body.matches).toEqual([expect.objectContaining({ caseId })]);
  expect((await retract(team.lead, publication.id, { reason: 'Withdrawn' })).status).toBe(201);

  const match = await platforms[0]!.http.post('/api/v1/match', { text });
  expect(match.status).toBe(200);
  expect([...match.body.matches, ...match.body.related].map((item: { caseId: string }) => item.caseId)).not.toContain(caseId);
  const intake = await platforms[1]!.http.post('/api/v1/claims', buildClaimReport({ text }));
  expect(intake.status).toBe(201);
  expect(intake.body.match).toBeUndefined();
  expect(intake.body.status).toBe('retracted');
  // The report joined the retracted case: no claim.matched for it, now or on a later look.
  await recoverMatchedEvents();
  expect(await WebhookDeliveryModel.countDocuments({ type: 'claim.matched', payload: { $regex: intake.body.id } })).toBe(0);
  await waitFor('the retraction to both platforms', () => retractedEvents(caseId).length === 2);
});

test("the platform console lists the reports of a retracted case as retracted, live", async () => {
  const text = 'Putting a spoon in an open champagne bottle keeps it fizzy for a week';
  const { platforms, publication, reports, caseId } = await publishedByTwoPlatforms(text);
  const moderator = await loggedIn(app.baseUrl, await createUser({ roles: ['moderator'], orgId: platforms[0]!.orgId }));
  const statusOf = async () => ((await moderator.http.get('/api/v1/platform/reports')).body.items as Array<{ id: string; status: string }>).find((item) => item.id === reports[0]!.id)?.status;
  expect(await statusOf()).toBe('published');
  const socket = openSocket(moderator);
  await connected(socket);
  const heard = nextEvent(socket, 'platform.reports.changed', (payload) => payload.caseIds.includes(caseId));
  expect((await retract(team.lead, publication.id, { reason: 'Withdrawn' })).status).toBe(201);
  await heard;
  await eventually(async () => (await statusOf()) === 'retracted', 'the report listed as retracted');
  const filtered = (await moderator.http.get('/api/v1/platform/reports?status=retracted')).body.items as Array<{ id: string; verdict?: string }>;
  expect(filtered.map((item) => item.id)).toEqual([reports[0]!.id]);
  expect(filtered[0]!.verdict).toBeUndefined();
  await waitFor('the retraction to both platforms', () => retractedEvents(caseId).length === 2);
});
