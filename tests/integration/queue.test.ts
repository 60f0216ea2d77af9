import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { CaseQueuePage, CaseSummary } from '@refute/shared';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { CaseModel } from '../../server/src/features/cases/model';
import { backfillQueueActive } from '../../server/src/features/cases/queueBackfill';
import type { HttpResponse } from '../support/http';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const word = () => `w${randomBytes(4).toString('hex')}`;
/** Mostly random words, so that reports sharing a tag never match each other and join one case. */
const textWith = (...words: string[]) => [...words, word(), word(), word(), word(), word()].join(' ');

async function report(text: string, views = 1000): Promise<string> {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text, reach: { views, shares: 0, comments: 0 } }));
  expect(response.status).toBe(201);
  return response.body.caseId as string;
}

async function queue(search: Record<string, string | number>): Promise<HttpResponse<CaseQueuePage>> {
  return suite.team.reviewer.http.get<CaseQueuePage>(`/api/v1/cases?${new URLSearchParams(Object.entries(search).map(([k, v]) => [k, String(v)]))}`);
}

async function listed(search: Record<string, string | number>): Promise<CaseSummary[]> {
  const response = await queue(search);
  expect(response.status).toBe(200);
  return response.body.items;
}

const ids = (items: CaseSummary[]) => items.map((item) => item.id);

test('search finds cases by title and by the text of their reports, case-insensitively and literally', async () => {
  const tag = word();
  const inTitle = await report(`Drinking GreenTea ${tag} cures every cold ${word()} ${word()}`);
  // Titles keep the first 140 characters: a word past them is only in the report's text.
  const hidden = word();
  const inReport = await report(`${tag} ${'x'.repeat(150)} ${hidden.toUpperCase()} ${word()} ${word()}`);
  const elsewhere = await report(`${word()} ${word()} ${word()} ${word()}`);

  const byTag = await queue({ q: tag });
  expect(ids(byTag.body.items).sort()).toEqual([inTitle, inReport].sort());
  expect(byTag.body.total).toBe(2);
  expect(ids(await listed({ q: `greentea ${tag}` }))).toEqual([inTitle]);
  expect(ids(await listed({ q: hidden }))).toEqual([inReport]);
  expect(ids(await listed({ q: `  ${hidden}  ` }))).toEqual([inReport]);
  // What looks like a pattern is looked for as text.
  expect(await listed({ q: '.*' })).toEqual([]);
  expect(await listed({ q: '(' })).toEqual([]);
  // A blank search lists everything.
  expect(ids(await listed({ q: '' }))).toContain(elsewhere);
});

test('each sort orders the queue as it says, ending on the same tie-break every time', async () => {
  const tag = word();
  const a = await report(textWith(tag, 'small'), 10);
  const b = await report(textWith(tag, 'big'), 100_000);
  const c = await report(textWith(tag, 'earthquake warning'), 1000);
  const d = await report(textWith(tag, 'medium'), 10_000);
  expect((await listed({ q: tag })).find((item) => item.id === c)?.lane).toBe('emergency');

  expect(ids(await listed({ q: tag }))).toEqual([c, a, b, d]);
  expect(ids(await listed({ q: tag, sort: 'urgent' }))).toEqual([c, a, b, d]);
  expect(ids(await listed({ q: tag, sort: 'priority' }))).toEqual([c, b, d, a]);
  expect(ids(await listed({ q: tag, sort: 'reach' }))).toEqual([b, d, c, a]);
  expect(ids(await listed({ q: tag, sort: 'newest' }))).toEqual([d, c, b, a]);
  const byDeadline = await listed({ q: tag, sort: 'deadline' });
  expect(ids(byDeadline)).toEqual([c, a, b, d]);
  const deadlines = byDeadline.map((item) => Date.parse(item.deadlineAt));
  expect(deadlines).toEqual([...deadlines].sort((x, y) => x - y));

  // Pages of a sort follow on without a gap or a repeat.
  const first = await queue({ q: tag, sort: 'reach', limit: 3 });
  expect(first.body.total).toBe(4);
  expect(first.body.nextCursor).not.toBeNull();
  const second = await queue({ q: tag, sort: 'reach', limit: 3, cursor: first.body.nextCursor! });
  expect([...ids(first.body.items), ...ids(second.body.items)]).toEqual([b, d, c, a]);
  expect(second.body.nextCursor).toBeNull();
});

test('the total counts every match; lane and status counts each apply the other filters', async () => {
  const tag = word();
  const emergency = await report(textWith(tag, 'flood coming'));
  const claimed = await report(textWith(tag, 'one'));
  await report(textWith(tag, 'two'));
  expect((await suite.team.reviewer.http.post(`/api/v1/cases/${claimed}/claim`)).status).toBe(200);

  const all = await queue({ q: tag });
  expect(all.body.total).toBe(3);
  expect(all.body.counts).toEqual({
    lane: { emergency: 1, hot: 0, normal: 2 },
    status: { open: 2, in_review: 1, submitted: 0, returned: 0 },
  });

  const normal = await queue({ q: tag, lane: 'normal' });
  expect(normal.body.total).toBe(2);
  expect(normal.body.items.every((item) => item.lane === 'normal')).toBe(true);
  expect(normal.body.counts.lane).toEqual({ emergency: 1, hot: 0, normal: 2 });
  expect(normal.body.counts.status).toEqual({ open: 1, in_review: 1, submitted: 0, returned: 0 });

  const inReview = await queue({ q: tag, status: 'in_review' });
  expect(ids(inReview.body.items)).toEqual([claimed]);
  expect(inReview.body.total).toBe(1);
  expect(inReview.body.counts.lane).toEqual({ emergency: 0, hot: 0, normal: 1 });
  expect(inReview.body.counts.status).toEqual({ open: 2, in_review: 1, submitted: 0, returned: 0 });

  const mine = await queue({ q: tag, assignee: 'me' });
  expect(ids(mine.body.items)).toEqual([claimed]);
  expect(mine.body.total).toBe(1);
  expect(mine.body.counts.status.open).toBe(0);
  expect(ids(await listed({ q: tag, lane: 'emergency' }))).toEqual([emergency]);
});

test('a case that is published leaves the active queue and its counts, and is still listed by its status', async () => {
  const tag = word();
  const caseId = await report(textWith(tag, 'to be published'));
  const before = await queue({ q: tag });
  expect(ids(before.body.items)).toEqual([caseId]);

  const reviewer = suite.team.reviewer.http;
  expect((await reviewer.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await reviewer.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect((await queue({ q: tag })).body.counts.status.submitted).toBe(1);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);

  const after = await queue({ q: tag });
  expect(after.body.items).toEqual([]);
  expect(after.body.total).toBe(0);
  expect(after.body.counts.status).toEqual({ open: 0, in_review: 0, submitted: 0, returned: 0 });
  const published = await queue({ q: tag, status: 'published' });
  expect(ids(published.body.items)).toEqual([caseId]);
  expect(published.body.total).toBe(1);
  expect(await CaseModel.findById(caseId, { queueActive: 1 }).lean()).toMatchObject({ queueActive: false });
});

test('a merged case leaves the queue, and its reports are found through the case they joined', async () => {
  const tag = word();
  const into = await report(textWith(tag, 'kept'));
  const hidden = word();
  const merged = await report(textWith(tag, hidden));
  expect(ids(await listed({ q: hidden }))).toEqual([merged]);

  const response = await suite.team.lead.http.post(`/api/v1/cases/${merged}/merge`, { intoCaseId: into });
  expect(response.status).toBe(200);
  const after = await queue({ q: tag });
  expect(ids(after.body.items)).toEqual([into]);
  expect(after.body.total).toBe(1);
  expect(ids(await listed({ q: hidden }))).toEqual([into]);
  expect(ids(await listed({ q: tag, status: 'merged' }))).toEqual([merged]);
});

test('cases stored before the queue field existed are given it once, and then show', async () => {
  const tag = word();
  const template = await CaseModel.findById(await report(textWith(tag, 'template'))).lean();
  const { queueActive: _, ...older } = { ...template!, _id: new Types.ObjectId(), title: `${tag} stored long ago` };
  await CaseModel.collection.insertOne(older);
  expect((await queue({ q: tag })).body.total).toBe(1);

  expect(await backfillQueueActive()).toBeGreaterThanOrEqual(1);
  const shown = await queue({ q: tag });
  expect(shown.body.total).toBe(2);
  expect(ids(shown.body.items)).toContain(String(older._id));
  expect(await backfillQueueActive()).toBe(0);
});

test('the region filter takes a region and the regions within it; the created filters take UTC days, both included', async () => {
  const tag = word();
  const opened = async (region?: string) => {
    const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text: textWith(tag), ...(region ? { region } : {}) }));
    expect(response.status).toBe(201);
    return response.body.caseId as string;
  };
  const nanshan = await opened('440305');
  const dongcheng = await opened('110101');
  const nowhere = await opened();
  const sorted = (items: CaseSummary[]) => ids(items).sort();

  expect(sorted(await listed({ q: tag }))).toEqual([nanshan, dongcheng, nowhere].sort());
  // A province holds its cities and their districts; a city its districts; CN everything.
  expect(ids(await listed({ q: tag, region: '440000' }))).toEqual([nanshan]);
  expect(ids(await listed({ q: tag, region: '440300' }))).toEqual([nanshan]);
  expect(ids(await listed({ q: tag, region: '440305' }))).toEqual([nanshan]);
  expect(ids(await listed({ q: tag, region: '110000' }))).toEqual([dongcheng]);
  expect(await listed({ q: tag, region: '310000' })).toEqual([]);
  expect(sorted(await listed({ q: tag, region: 'CN' }))).toEqual([nanshan, dongcheng, nowhere].sort());
  // The counts follow the filter, as they follow the topic.
  const guangdong = await queue({ q: tag, region: '440000' });
  expect(guangdong.body.total).toBe(1);
  expect(Object.values(guangdong.body.counts.lane).reduce((sum, count) => sum + count, 0)).toBe(1);

  // The day the case was opened (UTC), read back so that a run at midnight stays right.
  const openedDay = (await suite.team.reviewer.http.get<{ createdAt: string }>(`/api/v1/cases/${nanshan}`)).body.createdAt.slice(0, 10);
  const shift = (offset: number) => new Date(Date.parse(`${openedDay}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  expect(ids(await listed({ q: tag, region: '440000', createdFrom: openedDay, createdTo: openedDay }))).toEqual([nanshan]);
  expect(ids(await listed({ q: tag, region: '440000', createdFrom: shift(-3) }))).toEqual([nanshan]);
  expect(await listed({ q: tag, createdTo: shift(-1) })).toEqual([]);
  expect(await listed({ q: tag, createdFrom: shift(1) })).toEqual([]);

  // Outside the active queue too: a published case is listed by its status, region and day.
  const reviewer = suite.team.reviewer.http;
  expect((await reviewer.post(`/api/v1/cases/${nanshan}/claim`)).status).toBe(200);
  expect((await reviewer.put(`/api/v1/cases/${nanshan}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.post(`/api/v1/cases/${nanshan}/submit`)).status).toBe(200);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${nanshan}/approve`)).status).toBe(200);
  expect(ids(await listed({ q: tag, status: 'published', region: '440000', createdFrom: openedDay }))).toEqual([nanshan]);
  expect(await listed({ q: tag, status: 'published', region: '110000' })).toEqual([]);
  expect(await listed({ q: tag, status: 'published', region: '440000', createdTo: shift(-1) })).toEqual([]);
});

test('bad region and created filters are refused with 400 and a stable code', async () => {
  const refused: Array<[Record<string, string>, string]> = [
    [{ region: 'guangdong' }, 'validation_failed'],
    [{ region: '44' }, 'validation_failed'],
    [{ createdFrom: '2026-02-30' }, 'validation_failed'],
    [{ createdTo: '1 May' }, 'validation_failed'],
    [{ createdFrom: '2026-05-02', createdTo: '2026-05-01' }, 'validation_failed'],
    [{ region: '999999' }, 'unknown_region'],
  ];
  for (const [search, code] of refused) {
    const response = await suite.team.reviewer.http.get(`/api/v1/cases?${new URLSearchParams(search)}`);
    expect({ search, status: response.status, code: response.body.error?.code }).toEqual({ search, status: 400, code });
  }
});

test('bad queue queries are refused with 400 and say which field is wrong', async () => {
  const bad: Array<Record<string, string>> = [
    { sort: 'alphabetical' },
    { q: 'x'.repeat(101) },
    { status: 'closed' },
    { lane: 'fast' },
    { limit: '0' },
    { unknown: '1' },
  ];
  for (const search of bad) {
    const response = await suite.team.reviewer.http.get(`/api/v1/cases?${new URLSearchParams(search)}`);
    expect({ search, status: response.status, code: response.body.error?.code }).toEqual({ search, status: 400, code: 'validation_failed' });
    expect(JSON.stringify(response.body.error.details)).toContain(Object.keys(search)[0]);
  }
  const repeated = await suite.team.reviewer.http.get('/api/v1/cases?q=a&q=b');
  expect(repeated.status).toBe(400);
  expect((await suite.team.reviewer.http.get('/api/v1/cases?cursor=bm90LW91cnM')).status).toBe(400);
});
