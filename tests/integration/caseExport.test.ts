import { parse } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { ensureOrganisation } from '../../server/src/features/organisations/repository';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

/**
 * Cases with their reports as streamed CSV: one row per report with its case, the cases of the
 * viewer's scope only (a province sees its own), the count of cases sent first for progress,
 * formulas defused; leads and admins only, bad queries refused.
 */
const suite = teamSuite();
const GUANGZHOU_TIANHE = '440106';
const BEIJING_DONGCHENG = '110101';

let provincialLead: Member;
let guangzhouCase: string;

async function exportOf(member: Member, query = ''): Promise<{ status: number; headers: Headers; rows: Array<Record<string, string>>; raw: string }> {
  const response = await fetch(`${suite.app.baseUrl}/api/v1/insights/export/cases.csv${query}`, { headers: { cookie: member.http.cookieHeader! } });
  // The byte-order mark is kept (a plain text() would drop it).
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  const rows = response.status === 200 ? parse<Record<string, string>>(raw, { columns: true, bom: true }) : [];
  return { status: response.status, headers: response.headers, rows, raw };
}

beforeAll(async () => {
  const { team, app } = suite;
  const nationalOrgId = ((await team.lead.http.get('/api/v1/auth/me')).body as { user: { orgId: string } }).user.orgId;
  const province = await ensureOrganisation({ key: `export-${team.lead.id}`, name: { zh: '广东', en: 'Guangdong' }, level: 'provincial', kind: 'review', region: '440000', parentId: new Types.ObjectId(nationalOrgId) });
  provincialLead = await loggedIn(app.baseUrl, await createUser({ roles: ['lead'], orgId: String(province._id) }));
  const repeated = buildClaimReport({ region: GUANGZHOU_TIANHE, text: `=HYPERLINK("x") ${buildClaimReport().text}` });
  const first = await team.platform.http.post('/api/v1/claims', repeated);
  expect(first.status).toBe(201);
  guangzhouCase = first.body.caseId as string;
  expect((await team.platform.http.post('/api/v1/claims', { ...repeated, externalId: `${repeated.externalId}-again` })).body.caseId).toBe(guangzhouCase);
  expect((await team.platform.http.post('/api/v1/claims', buildClaimReport({ region: BEIJING_DONGCHENG }))).status).toBe(201);
});

test('the export streams one row per report with its case, and says first how many cases follow', async () => {
  const { status, headers, rows, raw } = await exportOf(suite.team.lead);
  expect(status).toBe(200);
  expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(headers.get('content-disposition')).toBe('attachment; filename="refute-cases.csv"');
  // Streamed: no length known in advance.
  expect(headers.get('content-length')).toBeNull();
  expect(headers.get('x-export-cases')).toBe('2');
  expect(raw.startsWith('\uFEFFcaseId,caseTitle,')).toBe(true);
  expect(rows).toHaveLength(3);
  const guangzhou = rows.filter((row) => row.caseId === guangzhouCase);
  expect(guangzhou).toHaveLength(2);
  expect(guangzhou.map((row) => row.caseRegion)).toEqual([GUANGZHOU_TIANHE, GUANGZHOU_TIANHE]);
  expect(guangzhou[0]!).toMatchObject({ reportRegion: GUANGZHOU_TIANHE, platformId: suite.team.platform.orgId, status: 'open' });
  // A text a spreadsheet would run as a formula is written as text.
  expect(guangzhou[0]!.reportText).toMatch(/^'=HYPERLINK/);
});

test('a province exports its own cases only, and a range or topic without cases gives the header alone', async () => {
  const provincial = await exportOf(provincialLead);
  expect(provincial.headers.get('x-export-cases')).toBe('1');
  expect(provincial.rows.map((row) => row.caseId)).toEqual([guangzhouCase, guangzhouCase]);
  const empty = await exportOf(suite.team.lead, '?from=2020-01-01&to=2020-01-31');
  expect(empty.headers.get('x-export-cases')).toBe('0');
  expect(empty.rows).toEqual([]);
});

test('only leads and admins export, within their scope, and bad queries are refused', async () => {
  const { team } = suite;
  expect((await team.reviewer.http.get('/api/v1/insights/export/cases.csv')).status).toBe(403);
  const nationalOrgId = ((await team.lead.http.get('/api/v1/auth/me')).body as { user: { orgId: string } }).user.orgId;
  const above = await provincialLead.http.get(`/api/v1/insights/export/cases.csv?org=${nationalOrgId}`);
  expect(above.status).toBe(403);
  expect(above.body.error.code).toBe('org_outside_scope');
  for (const bad of ['from=yesterday', 'topic=astrology', 'from=2026-05-02&to=2026-05-01', 'format=xlsx']) {
    expect({ bad, status: (await team.lead.http.get(`/api/v1/insights/export/cases.csv?${bad}`)).status }).toEqual({ bad, status: 400 });
  }
});
