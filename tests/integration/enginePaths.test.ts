/**
 * Both paths of server/src/engine/ on the same data: the local engine's queue (queueView.ts)
 * lists exactly what MongoDB's plain queries list, page by page, in every order and filter, and
 * follows the writes of another server process on the same database; intake's counters are
 * written before it answers on MongoDB's path; bulk intake's lookup of stored reports finds the
 * same on every path.
 */
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import pg from 'pg';
import { QUEUE_SORTS, type CaseListQuery } from '@refute/shared';
import { buildClaimReport, createPlatform } from '../../fixtures/factories';
import { useEngine } from '../../server/src/engine';
import { localEngineClaimLookups, mongodbClaimLookups, postgresClaimLookups, type ClaimLookups } from '../../server/src/engine/claimLookups';
import { listQueue } from '../../server/src/features/cases/queue';
import { CaseModel } from '../../server/src/features/cases/model';
import { HttpClient } from '../support/http';
import { startServerProcess } from '../support/serverProcess';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();
const word = () => `w${randomBytes(4).toString('hex')}`;

async function report(text: string, views: number): Promise<string> {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text, reach: { views, shares: 0, comments: 0 } }));
  expect(response.status).toBe(201);
  return response.body.caseId as string;
}

afterAll(() => useEngine('ferretdb'));

test('every order and filter lists the same pages from the view as from plain queries', async () => {
  const tag = word();
  const cases: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const urgent = i % 4 === 0 ? 'earthquake warning' : 'rumor';
    cases.push(await report([tag, urgent, word(), word(), word(), word()].join(' '), (i * 7919) % 50_000));
  }
  const claimed = await suite.team.reviewer.http.post(`/api/v1/cases/${cases[3]}/claim`);
  expect(claimed.status).toBe(200);

  const userId = suite.team.reviewer.id;
  const pagesOf = async (query: Omit<CaseListQuery, 'cursor'>) => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listQueue({ ...query, ...(cursor ? { cursor } : {}) }, userId);
      pages.push(page.items.map((item) => String(item._id)), [String(page.total), JSON.stringify(page.counts)]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  };
  const queries: Array<Omit<CaseListQuery, 'cursor'>> = [
    ...QUEUE_SORTS.map((sort) => ({ sort, limit: 5, q: tag })),
    ...QUEUE_SORTS.map((sort) => ({ sort, limit: 7 })),
    { sort: 'urgent', limit: 5, lane: 'emergency' },
    { sort: 'newest', limit: 5, status: 'in_review' },
    { sort: 'urgent', limit: 5, assignee: 'me' },
    { sort: 'urgent', limit: 5, topic: 'health' },
    { sort: 'newest', limit: 5, status: 'published' },
  ];
  for (const query of queries) {
    useEngine('mongodb');
    const plain = await pagesOf(query);
    useEngine('ferretdb');
    const fromView = await pagesOf(query);
    expect({ query, pages: fromView }).toEqual({ query, pages: plain });
  }
  useEngine('ferretdb');
  const mine = await listQueue({ sort: 'urgent', limit: 50, assignee: 'me' }, userId);
  expect(mine.items.map((item) => String(item._id))).toContain(cases[3]);
});

test("another process's claim shows in this process's queue within a poll", async () => {
  const caseId = await report([word(), 'rumor', word(), word(), word(), word()].join(' '), 100);
  useEngine('ferretdb');
  // The view has read the case as open.
  expect((await listQueue({ sort: 'newest', limit: 100, status: 'open' }, suite.team.reviewer.id)).items.map((item) => String(item._id))).toContain(caseId);
  const other = await startServerProcess(suite.app.mongodbUri);
  try {
    const lead = await loggedIn(other.baseUrl, suite.team.lead);
    expect((await lead.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
    await eventually(async () => {
      const page = await listQueue({ sort: 'newest', limit: 100, status: 'in_review' }, suite.team.reviewer.id);
      return page.items.some((item) => String(item._id) === caseId);
    }, 'the claimed case listed in review here');
  } finally {
    await other.stop();
  }
});

test("on MongoDB's path a joining report is counted in its case before intake answers", async () => {
  useEngine('mongodb');
  const text = `${word()} ${word()} ${word()} ${word()} ${word()} rumor of the day`;
  const caseId = await report(text, 10);
  for (let joined = 2; joined <= 4; joined += 1) {
    expect(await report(text, 1000)).toBe(caseId);
    expect((await CaseModel.findById(caseId).lean())?.reportCount).toBe(joined);
  }
});

test("a platform's stored reports, and its newest pages, are found alike by MongoDB's queries, one lookup each, and queries on the engine's PostgreSQL", async () => {
  const platform = await createPlatform();
  const http = new HttpClient(suite.app.baseUrl, { apiKey: platform.apiKey });
  const reports = [buildClaimReport(), buildClaimReport(), buildClaimReport(), buildClaimReport(), buildClaimReport()];
  for (const body of reports) expect((await http.post('/api/v1/claims', body)).status).toBe(201);
  const asked = [...reports.map((body) => body.externalId), `missing-${word()}`];
  const paths: ClaimLookups[] = [mongodbClaimLookups, localEngineClaimLookups];
  const postgresUrl = process.env.REFUTE_TEST_POSTGRES_URL;
  const pool = postgresUrl ? new pg.Pool({ connectionString: postgresUrl }) : null;
  if (pool) paths.push(postgresClaimLookups(pool, mongoose.connection.name));
  try {
    const found = async (orgId: Types.ObjectId) =>
      Promise.all(paths.map(async (path) => [...(await path.byExternalIds(orgId, asked)).values()].map((claim) => `${claim.externalId} ${String(claim._id)} ${claim.payloadHash}`).sort()));
    const [plain, ...others] = await found(new Types.ObjectId(platform.orgId));
    expect(plain).toHaveLength(reports.length);
    for (const other of others) expect(other).toEqual(plain);
    // Another platform's ids are its own.
    for (const other of await found(new Types.ObjectId())) expect(other).toEqual([]);

    const pages = async (page: { skip: number; limit: number }) =>
      Promise.all(paths.map(async (path) => (await path.newestOfPlatform(new Types.ObjectId(platform.orgId), page)).map((claim) => `${claim.externalId} ${claim.text}`)));
    const [first, ...firstElsewhere] = await pages({ skip: 0, limit: 3 });
    expect(first).toEqual(reports.slice(2).reverse().map((body) => `${body.externalId} ${body.text}`));
    for (const other of firstElsewhere) expect(other).toEqual(first);
    const [rest, ...restElsewhere] = await pages({ skip: 3, limit: 3 });
    expect(rest).toEqual(reports.slice(0, 2).reverse().map((body) => `${body.externalId} ${body.text}`));
    for (const other of restElsewhere) expect(other).toEqual(rest);
  } finally {
    await pool?.end();
  }
});
