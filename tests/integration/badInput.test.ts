import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { ClaimModel } from '../../server/src/features/claims/model';
import { DraftRevisionModel } from '../../server/src/features/reviews/draftModel';
import { SessionModel } from '../../server/src/features/auth/sessionModel';
import type { HttpResponse } from '../support/http';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam } from '../support/workbench';

let app: TestApp;
let team: Awaited<ReturnType<typeof createTeam>>;
let caseId: string;

beforeAll(async () => {
  app = await startTestApp();
  team = await createTeam(app.baseUrl);
  caseId = (await team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
  await team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`);
});
afterAll(() => app.close());

async function snapshot() {
  const [claims, cases, audit, sessions, draft] = await Promise.all([
    ClaimModel.countDocuments(),
    CaseModel.countDocuments(),
    AuditEventModel.countDocuments(),
    SessionModel.countDocuments(),
    DraftRevisionModel.countDocuments({ caseId }),
  ]);
  return { claims, cases, audit, sessions, draftRevisions: draft };
}

function expectClientError(response: HttpResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
}

const cases: Array<[string, () => Promise<HttpResponse>, number, string]> = [
  ['malformed JSON', () => team.platform.http.request('POST', '/api/v1/claims', { raw: '{"externalId": "x", "text": ' }), 400, 'invalid_json'],
  ['a JSON body that is not an object', () => team.platform.http.request('POST', '/api/v1/claims', { raw: '"just a string"' }), 400, 'invalid_json'],
  ['an oversize body', () => team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'x'.repeat(300_000) })), 413, 'payload_too_large'],
  ['a text over the limit', () => team.platform.http.post('/api/v1/claims', buildClaimReport({ text: 'x'.repeat(5001) })), 400, 'validation_failed'],
  ['a body that is not JSON', () => team.platform.http.request('POST', '/api/v1/claims', { raw: 'externalId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type'],
  ['an unknown field', () => team.platform.http.post('/api/v1/claims', { ...buildClaimReport(), priority: 'high' }), 400, 'validation_failed'],
  ['an unknown nested field', () => team.platform.http.post('/api/v1/claims', { ...buildClaimReport(), reach: { views: 1, likes: 2 } }), 400, 'validation_failed'],
  ['a wrong type', () => team.platform.http.post('/api/v1/claims', { ...buildClaimReport(), text: 42 }), 400, 'validation_failed'],
  ['a negative count', () => team.platform.http.post('/api/v1/claims', buildClaimReport({ reach: { views: -1 } })), 400, 'validation_failed'],
  ['a javascript: URL', () => team.platform.http.post('/api/v1/claims', buildClaimReport({ url: 'javascript:alert(1)' })), 400, 'validation_failed'],
  ['an operator as text', () => team.platform.http.post('/api/v1/claims', { ...buildClaimReport(), text: { $gt: '' } }), 400, 'validation_failed'],
  ['an operator as externalId', () => team.platform.http.post('/api/v1/claims', { ...buildClaimReport(), externalId: { $gt: '' } }), 400, 'validation_failed'],
  ['an operator in login', () => team.reviewer.http.post('/api/v1/auth/login', { email: { $gt: '' }, password: { $gt: '' } }), 400, 'validation_failed'],
  ['an operator in the query', () => team.reviewer.http.get('/api/v1/cases?status[$ne]=open'), 400, 'validation_failed'],
  ['an unknown query parameter', () => team.platform.http.get('/api/v1/feed?limit=5&sort=asc'), 400, 'validation_failed'],
  ['a limit out of range', () => team.platform.http.get('/api/v1/feed?limit=1000'), 400, 'validation_failed'],
  ['a forged cursor', () => team.platform.http.get('/api/v1/feed?cursor=bm90LWEtY3Vyc29y'), 400, 'invalid_cursor'],
  ['an invalid claim id', () => team.platform.http.get('/api/v1/claims/not-an-id'), 400, 'validation_failed'],
  ['an invalid case id', () => team.reviewer.http.get('/api/v1/cases/123'), 400, 'validation_failed'],
  ['an invalid id on an action', () => team.reviewer.http.post('/api/v1/cases/%24gt/claim'), 400, 'validation_failed'],
  ['a malformed escape in the path', () => team.reviewer.http.get('/api/v1/cases/%E0%A4%A'), 400, 'bad_request'],
  ['an unknown case', () => team.reviewer.http.get('/api/v1/cases/0123456789abcdef01234567'), 404, 'not_found'],
  ['an unknown route', () => team.reviewer.http.get('/api/v1/nothing-here'), 404, 'not_found'],
  ['a draft with a wrong verdict', () => team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'fake' as never })), 400, 'validation_failed'],
  ['a draft without a version', () => team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, { ...buildDraft(), version: undefined }), 400, 'validation_failed'],
  ['a draft with an operator version', () => team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, { ...buildDraft(), version: { $gte: 0 } }), 400, 'validation_failed'],
  ['evidence without a valid URL', () => team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ evidence: [{ title: 't', url: 'ftp://x', kind: 'paper' }] })), 400, 'validation_failed'],
  ['a headline too long', () => team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ headline: 'h'.repeat(121) })), 400, 'validation_failed'],
];

test.each(cases)('%s gets a clear 4xx and writes nothing', async (_name, send, status, code) => {
  const before = await snapshot();
  expectClientError(await send(), status, code);
  expect(await snapshot()).toEqual(before);
});

test('validation errors name the offending field', async () => {
  const response = await team.platform.http.post('/api/v1/claims', { ...buildClaimReport(), text: 42, extra: true });
  const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
  expect(paths).toEqual(expect.arrayContaining(['text', '']));
});
