import http from 'node:http';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { Types } from 'mongoose';
import { backfillAuditSubjects, recheckAuditBackfill } from '../../server/src/features/audit/backfill';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { OnceModel } from '../../server/src/features/meta/onceModel';
import { PublicationModel } from '../../server/src/features/publications/model';
import { backfillPublishedDays, backfillPublishedMonths, recheckPublishedDays, recheckPublishedMonths } from '../../server/src/features/publications/repository';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

async function reportNewCase(text?: string) {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport(text ? { text } : {}));
  expect(response.status).toBe(201);
  return response.body as { id: string; caseId: string; status: string };
}

async function writeAndSubmit(caseId: string, writer = suite.team.reviewer) {
  expect((await writer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  const saved = await writer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft());
  expect(saved.status).toBe(200);
  expect((await writer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
}

test('report → case → review → approval → feed, with an audit event at every step', async () => {
  const report = await reportNewCase('喝绿豆汤可以治愈糖尿病，转发给家人！');
  expect(report.status).toBe('received');

  const queue = await suite.team.reviewer.http.get('/api/v1/cases');
  expect(queue.status).toBe(200);
  const row = queue.body.items.find((item: { id: string }) => item.id === report.caseId);
  expect(row).toMatchObject({ status: 'open', reportCount: 1, language: 'zh' });

  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${report.caseId}/claim`)).status).toBe(200);
  const saved = await suite.team.reviewer.http.put(
    `/api/v1/cases/${report.caseId}/draft`,
    buildDraft({
      verdict: 'false',
      headline: '绿豆汤不能治愈糖尿病',
      summary: '糖尿病需要遵医嘱治疗，绿豆汤不能代替药物。',
      rebuttalHtml: '<p onclick="steal()">绿豆汤<script>alert(1)</script>是食物，<a href="javascript:alert(1)">不是药</a>。</p>',
      evidence: [{ title: '糖尿病防治指南', url: 'https://example.org/guideline', kind: 'standard' }],
    }),
  );
  expect(saved.status).toBe(200);
  expect(saved.body.draft.version).toBe(1);
  expect(saved.body.draft.rebuttalHtml).toBe('<p>绿豆汤是食物，<a target="_blank" rel="noopener noreferrer nofollow">不是药</a>。</p>');

  const submitted = await suite.team.reviewer.http.post(`/api/v1/cases/${report.caseId}/submit`);
  expect(submitted.body.status).toBe('submitted');
  expect((await suite.team.platform.http.get(`/api/v1/claims/${report.id}`)).body.status).toBe('in_review');

  const approved = await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(approved.status).toBe(200);
  expect(approved.body.case.status).toBe('published');
  const publication = approved.body.publication;
  expect(publication).toMatchObject({ caseId: report.caseId, version: 1, verdict: 'false', headline: '绿豆汤不能治愈糖尿病' });

  const feed = await suite.team.platform.http.get('/api/v1/feed');
  expect(feed.status).toBe(200);
  expect(feed.body.items[0]).toMatchObject({ id: publication.id, verdict: 'false' });

  const status = await suite.team.platform.http.get(`/api/v1/claims/${report.id}`);
  expect(status.body).toMatchObject({ status: 'published', verdict: 'false', publication: { id: publication.id, version: 1 } });

  const page = await fetch(publication.url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('"@type":"ClaimReview"');
  expect(html).toContain('绿豆汤不能治愈糖尿病');

  const actions = (await AuditEventModel.find({ 'subject.id': { $in: [report.caseId, report.id, publication.id] } }).lean()).map(
    (event) => event.action,
  );
  expect(actions).toEqual(
    expect.arrayContaining([
      'claim.created',
      'case.opened',
      'case.report_added',
      'case.claimed',
      'draft.saved',
      'case.submitted',
      'case.approved',
      'publication.created',
    ]),
  );
});

test('a later report of a published rumor is answered with its verdict at once', async () => {
  const report = await reportNewCase('Eating ten garlic cloves a day cures high blood pressure.');
  await writeAndSubmit(report.caseId);
  const approved = await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(approved.status).toBe(200);

  const repeat = await suite.team.platform.http.post(
    '/api/v1/claims',
    buildClaimReport({ text: 'RT: eating TEN garlic cloves a day cures high blood pressure!!! 🧄 #health https://t.co/x' }),
  );
  expect(repeat.status).toBe(201);
  expect(repeat.body).toMatchObject({
    caseId: report.caseId,
    status: 'published',
    match: { caseId: report.caseId, verdict: 'false', similarity: 1, publicationUrl: approved.body.publication.url },
  });
});

test('four-eyes: a lead cannot approve a draft they wrote', async () => {
  const report = await reportNewCase();
  await writeAndSubmit(report.caseId, suite.team.lead);
  const own = await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(own.status).toBe(403);
  expect(own.body.error.code).toBe('four_eyes');
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${report.caseId}`)).body.status).toBe('submitted');

  const other = await suite.team.otherLead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(other.status).toBe(200);
});

test('a reviewer cannot approve at all', async () => {
  const report = await reportNewCase();
  await writeAndSubmit(report.caseId);
  const response = await suite.team.reviewer.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(response.status).toBe(403);
});

test('a stale save gets 409 with the current draft and never overwrites it', async () => {
  const report = await reportNewCase();
  const url = `/api/v1/cases/${report.caseId}`;
  await suite.team.reviewer.http.post(`${url}/claim`);
  expect((await suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ headline: 'first', version: 0 }))).status).toBe(200);
  expect((await suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ headline: 'second', version: 1 }))).status).toBe(200);

  const stale = await suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ headline: 'stale', version: 1 }));
  expect(stale.status).toBe(409);
  expect(stale.body.error.code).toBe('stale_draft');
  expect(stale.body.error.details.current).toMatchObject({ headline: 'second', version: 2 });
  expect((await suite.team.reviewer.http.get(url)).body.draft).toMatchObject({ headline: 'second', version: 2 });
});

test('concurrent saves from the same version: exactly one wins', async () => {
  const report = await reportNewCase();
  const url = `/api/v1/cases/${report.caseId}`;
  await suite.team.reviewer.http.post(`${url}/claim`);
  const results = await Promise.all(
    ['a', 'b', 'c', 'd', 'e'].map((headline) => suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ headline, version: 0 }))),
  );
  expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
  expect((await suite.team.reviewer.http.get(url)).body.draft.version).toBe(1);
});

test('claiming is atomic: of two experts racing for a case, exactly one gets it', async () => {
  const report = await reportNewCase();
  const [first, second] = await Promise.all([
    suite.team.reviewer.http.post(`/api/v1/cases/${report.caseId}/claim`),
    suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/claim`),
  ]);
  expect([first.status, second.status].sort()).toEqual([200, 409]);
  const detail = await suite.team.reviewer.http.get(`/api/v1/cases/${report.caseId}`);
  expect(detail.body.assignees).toHaveLength(1);
});

test('a lead returns a draft with a comment; only assignees may edit; the case goes round again', async () => {
  const report = await reportNewCase();
  const url = `/api/v1/cases/${report.caseId}`;
  await writeAndSubmit(report.caseId);

  expect((await suite.team.lead.http.post(`${url}/return`, { comment: '' })).status).toBe(400);
  const returned = await suite.team.lead.http.post(`${url}/return`, { comment: 'Cite the national standard.' });
  expect(returned.status).toBe(200);
  expect(returned.body).toMatchObject({ status: 'returned', returnComment: 'Cite the national standard.' });

  const intruder = await suite.team.otherLead.http.put(`${url}/draft`, buildDraft({ version: 1 }));
  expect(intruder.status).toBe(403);

  expect((await suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ headline: 'Revised', version: 1 }))).status).toBe(200);
  expect((await suite.team.reviewer.http.post(`${url}/submit`)).status).toBe(200);
  expect((await suite.team.lead.http.post(`${url}/approve`)).body.publication.headline).toBe('Revised');
  const history = (await suite.team.reviewer.http.get(url)).body.history.map((entry: { action: string }) => entry.action);
  expect(history).toEqual(expect.arrayContaining(['case.returned', 'case.approved']));
});

test('an incomplete draft cannot be submitted', async () => {
  const report = await reportNewCase();
  const url = `/api/v1/cases/${report.caseId}`;
  await suite.team.reviewer.http.post(`${url}/claim`);
  await suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ verdict: null, rebuttalHtml: '<p> </p>' }));
  const response = await suite.team.reviewer.http.post(`${url}/submit`);
  expect(response.status).toBe(422);
  expect(response.body.error.details.missing).toEqual(['verdict', 'rebuttalHtml']);
});

test('the feed pages newest first without skipping or repeating while new items arrive', async () => {
  for (let i = 0; i < 3; i += 1) {
    const report = await reportNewCase();
    await writeAndSubmit(report.caseId);
    await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  }
  const all = (await suite.team.platform.http.get('/api/v1/feed?limit=100')).body.items.map((item: { id: string }) => item.id);
  const first = await suite.team.platform.http.get('/api/v1/feed?limit=2');
  expect(first.body.items.map((item: { id: string }) => item.id)).toEqual(all.slice(0, 2));

  const report = await reportNewCase();
  await writeAndSubmit(report.caseId);
  await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);

  const seen = [...first.body.items.map((item: { id: string }) => item.id)];
  let cursor = first.body.nextCursor;
  while (cursor) {
    const page = await suite.team.platform.http.get(`/api/v1/feed?limit=2&cursor=${cursor}`);
    seen.push(...page.body.items.map((item: { id: string }) => item.id));
    cursor = page.body.nextCursor;
  }
  expect(seen).toEqual(all);

  const fresh = await fetch(`${suite.app.baseUrl}/api/v1/feed?limit=100`);
  // fetch marks conditional requests no-cache (per the Fetch standard), so ask with node:http.
  const again = await new Promise<{ status: number }>((resolve, reject) => {
    http
      .get(`${suite.app.baseUrl}/api/v1/feed?limit=100`, { headers: { 'if-none-match': fresh.headers.get('etag')! } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      })
      .on('error', reject);
  });
  expect(again.status).toBe(304);
});

test('approving again is answered with the same publication, and a crash before it was written is repaired', async () => {
  const report = await reportNewCase();
  await writeAndSubmit(report.caseId);
  const first = await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(first.status).toBe(200);
  const retry = await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(retry.status).toBe(200);
  expect(retry.body.publication.id).toBe(first.body.publication.id);
  const other = await suite.team.otherLead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(other.status).toBe(409);

  // Simulate a crash between recording the approval and writing the publication.
  await PublicationModel.collection.deleteOne({ _id: new Types.ObjectId(first.body.publication.id) });
  expect((await suite.team.platform.http.get(`/api/v1/publications/${first.body.publication.id}`)).status).toBe(404);
  const repaired = await suite.team.lead.http.post(`/api/v1/cases/${report.caseId}/approve`);
  expect(repaired.status).toBe(200);
  expect(repaired.body.publication).toMatchObject({ id: first.body.publication.id, version: 1, headline: first.body.publication.headline });
  expect(await PublicationModel.countDocuments({ caseId: report.caseId })).toBe(1);
});

test('a save racing a submit is either part of the submission or refused, never silently dropped', async () => {
  const report = await reportNewCase();
  const url = `/api/v1/cases/${report.caseId}`;
  await suite.team.reviewer.http.post(`${url}/claim`);
  await suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ version: 0 }));
  const [save, submit] = await Promise.all([
    suite.team.reviewer.http.put(`${url}/draft`, buildDraft({ headline: 'late change', version: 1 })),
    suite.team.reviewer.http.post(`${url}/submit`),
  ]);
  expect(submit.status).toBe(200);
  expect([200, 409]).toContain(save.status);
  const approved = await suite.team.lead.http.post(`${url}/approve`);
  // An accepted save is always in what is published; a refused one may or may not be.
  if (save.status === 200) expect(approved.body.publication.headline).toBe('late change');
  expect(['late change', 'No, it does not']).toContain(approved.body.publication.headline);
});

test("a case's history includes events written before they carried their subject at the top level, and the backfill gives it to them", async () => {
  const report = await reportNewCase('Holding a coin under the tongue cures hiccups instantly');
  const legacyId = new Types.ObjectId();
  // As an earlier version wrote it: the subject only nested.
  await AuditEventModel.collection.insertOne({ _id: legacyId, at: new Date(0), action: 'case.topic_changed', actor: { kind: 'system', id: null }, orgId: null, subject: { kind: 'case', id: new Types.ObjectId(report.caseId) } });
  await OnceModel.deleteOne({ _id: 'audit-events-subject-id' });
  recheckAuditBackfill();
  const history = (await suite.team.lead.http.get(`/api/v1/cases/${report.caseId}`)).body.history as Array<{ id: string; action: string }>;
  expect(history[0]).toMatchObject({ id: String(legacyId), action: 'case.topic_changed' });
  expect(history.map((entry) => entry.action)).toContain('case.opened');

  while (!(await backfillAuditSubjects())) {
    // batches until done
  }
  expect(String((await AuditEventModel.collection.findOne({ _id: legacyId }))?.subjectId)).toBe(report.caseId);
  const after = (await suite.team.lead.http.get(`/api/v1/cases/${report.caseId}`)).body.history as Array<{ id: string }>;
  expect(after.map((entry) => entry.id)).toEqual(history.map((entry) => entry.id));
});

test('the case names its people and platforms: assignees, authors and actors by name, reporting platforms in both languages', async () => {
  const report = await reportNewCase('Sleeping under a pyramid-shaped tent sharpens memory');
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${report.caseId}/claim`)).status).toBe(200);
  const detail = (await suite.team.lead.http.get(`/api/v1/cases/${report.caseId}`)).body;
  expect(detail.people[suite.team.reviewer.id]).toBe(`Test ${suite.team.reviewer.email}`);
  expect(detail.platforms[suite.team.platform.orgId]).toEqual({ zh: expect.any(String), en: expect.stringMatching(/^Platform /) });
  const claimed = detail.history.find((entry: { action: string }) => entry.action === 'case.claimed');
  expect(claimed).toMatchObject({ actorKind: 'user', actorId: suite.team.reviewer.id });
  expect(detail.history.find((entry: { action: string }) => entry.action === 'claim.created' || entry.action === 'case.opened')?.actorKind).toMatch(/api_key|system/);
});

test('the feed pages across months the same way whether it reads month by month or scans, with filters and since', async () => {
  // Publications spread over months, written as the approval would (the month is derived on create).
  const caseIds = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
  const dates = ['2025-11-30T23:59:00Z', '2025-12-01T00:00:00Z', '2026-01-15T08:00:00Z', '2026-01-15T08:00:00Z', '2026-03-02T12:00:00Z'];
  await PublicationModel.insertMany(
    caseIds.map((caseId, index) => ({
      caseId,
      version: 1,
      slug: `${String(caseId)}-v1`,
      verdict: 'false',
      headline: `Past rumor ${index}`,
      summary: 'Not true.',
      rebuttalHtml: '<p>No.</p>',
      topic: index % 2 ? 'energy' : 'space',
      language: 'en',
      claimText: `Past claim ${index}`,
      authorIds: [],
      approvedBy: new Types.ObjectId(),
      publishedAt: new Date(dates[index]!),
    })),
  );
  const pages = async (query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ headline: string }>; nextCursor: string | null } } = await suite.team.platform.http.get(`/api/v1/feed?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((item) => item.headline).filter((headline) => headline.startsWith('Past rumor')));
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  };
  while (!(await backfillPublishedMonths()) || !(await backfillPublishedDays())) {
    // batches until done
  }
  const byMonth = { all: await pages(''), energy: await pages('&topic=energy'), since: await pages('&since=2025-12-01T00:00:00Z') };
  expect(byMonth.all).toEqual(['Past rumor 4', 'Past rumor 3', 'Past rumor 2', 'Past rumor 1', 'Past rumor 0']);
  expect(byMonth.energy).toEqual(['Past rumor 3', 'Past rumor 1']);
  expect(byMonth.since).toEqual(['Past rumor 4', 'Past rumor 3', 'Past rumor 2', 'Past rumor 1']);
  expect((await PublicationModel.findOne({ headline: 'Past rumor 0' }).lean())?.publishedMonth).toBe('2025-11');

  expect((await PublicationModel.findOne({ headline: 'Past rumor 0' }).lean())?.publishedDay).toBe(dates[0]!.slice(0, 10));

  // Until the fields are back on every publication, the feed reads without them, the same.
  await OnceModel.deleteMany({ _id: { $in: ['publications-published-month', 'publications-published-day'] } });
  recheckPublishedMonths();
  recheckPublishedDays();
  expect({ all: await pages(''), energy: await pages('&topic=energy'), since: await pages('&since=2025-12-01T00:00:00Z') }).toEqual(byMonth);
});
