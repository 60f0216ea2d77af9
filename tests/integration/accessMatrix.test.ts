import type { Role } from '@refute/shared';
import { buildClaimReport, buildDraft, createPlatform, createUser } from '../../fixtures/factories';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/logger';
import { routesOf } from '../support/routes';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

/**
 * Every route × every principal × every case state. The table below holds one row per route the
 * app serves (a route without its row fails the first test), saying who may pass its gate. Those
 * who may not are refused (401 or 403) on real cases in every state, and nothing changes; those
 * who may are let through (a missing case is then 404, never 401 or 403); nobody gets a 5xx.
 */
const suite = teamSuite();

type Principal = 'anonymous' | 'reviewer' | 'lead' | 'admin' | 'moderator' | 'platformKey' | 'otherPlatformKey';
const PRINCIPALS: Principal[] = ['anonymous', 'reviewer', 'lead', 'admin', 'moderator', 'platformKey', 'otherPlatformKey'];
/** `orSession`: sessions with one of these roles pass as well as the key. */
type Access = { kind: 'public' } | { kind: 'session'; roles: Role[] | 'any' } | { kind: 'key'; scope: string; orSession?: Role[] };

interface Row {
  access: Access;
  body?: (fixture: Fixture) => unknown;
  /** The path names a case (`:id`): tried on a case in each state. */
  onCase?: true;
  /** The platform's own resource: another platform's key finds nothing (404). */
  platformOwned?: true;
  /** Ends the caller's session, so it runs last. */
  endsSession?: true;
}

const PUBLIC: Access = { kind: 'public' };
const anySession: Access = { kind: 'session', roles: 'any' };
const session = (...roles: Role[]): Access => ({ kind: 'session', roles });
const key = (scope: string): Access => ({ kind: 'key', scope });
const WEBHOOKS: Access = { kind: 'key', scope: 'webhooks:manage', orSession: ['admin'] };
const TEAM = session('reviewer', 'lead', 'admin');
const REVIEWERS = session('reviewer', 'lead');
const LEAD = session('lead');
const ADMIN = session('admin');

const ROUTES: Record<string, Row> = {
  'POST /api/v1/auth/login': { access: PUBLIC, body: (f) => ({ email: f.spareLogin.email, password: f.spareLogin.password }) },
  'GET /api/v1/auth/me': { access: anySession },
  'POST /api/v1/auth/logout': { access: PUBLIC, endsSession: true },
  'GET /api/v1/cases/': { access: TEAM },
  'GET /api/v1/cases/:id': { access: TEAM, onCase: true },
  'POST /api/v1/cases/:id/claim': { access: REVIEWERS, onCase: true },
  'POST /api/v1/cases/:id/assign': { access: LEAD, onCase: true, body: (f) => ({ userId: f.spareReviewerId }) },
  'POST /api/v1/cases/:id/unassign': { access: REVIEWERS, onCase: true, body: (f) => ({ userId: f.spareReviewerId }) },
  'POST /api/v1/cases/:id/merge': { access: REVIEWERS, onCase: true, body: (f) => ({ intoCaseId: f.mergeTarget }) },
  'POST /api/v1/cases/:id/reports/:claimId/move-out': { access: REVIEWERS, onCase: true },
  'POST /api/v1/cases/:id/not-same-claim': { access: REVIEWERS, onCase: true, body: (f) => ({ caseId: f.mergeTarget }) },
  'PUT /api/v1/cases/:id/claim-statement': { access: REVIEWERS, onCase: true, body: () => ({ text: 'Vaccines contain microchips that track you' }) },
  'PUT /api/v1/cases/:id/topic': { access: REVIEWERS, onCase: true, body: () => ({ topic: 'energy' }) },
  'PUT /api/v1/cases/:id/draft': { access: REVIEWERS, onCase: true, body: () => buildDraft({ version: 5 }) },
  'POST /api/v1/cases/:id/submit': { access: REVIEWERS, onCase: true },
  'POST /api/v1/cases/:id/approve': { access: LEAD, onCase: true },
  'POST /api/v1/cases/:id/return': { access: LEAD, onCase: true, body: () => ({ comment: 'Needs sources' }) },
  'POST /api/v1/cases/:id/reopen': { access: LEAD, onCase: true, body: () => ({ reason: 'New evidence' }) },
  'POST /api/v1/cases/:id/lane': { access: LEAD, onCase: true, body: () => ({ lane: 'emergency' }) },
  'PUT /api/v1/cases/:id/units': { access: LEAD, onCase: true, body: () => ({ leadUnitId: '0123456789abcdef01234567', cooperatingUnitIds: [] }) },
  'PUT /api/v1/cases/:id/checklist/:itemId': { access: REVIEWERS, onCase: true, body: () => ({ checked: true }) },
  'GET /api/v1/hotspots/': { access: session('lead', 'admin') },
  'GET /api/v1/organisations/': { access: session('lead', 'admin') },
  'GET /api/v1/cases/:id/candidates': { access: session('lead', 'admin'), onCase: true },
  'POST /api/v1/cases/:id/offer/accept': { access: session('reviewer'), onCase: true },
  'POST /api/v1/cases/:id/offer/decline': { access: session('reviewer'), onCase: true },
  'GET /api/v1/offers/': { access: session('reviewer') },
  'POST /api/v1/cases/:id/acknowledge': { access: session('reviewer'), onCase: true },
  'GET /api/v1/pages/': { access: session('reviewer') },
  'GET /api/v1/experts/': { access: session('lead', 'admin') },
  'GET /api/v1/experts/me': { access: session('reviewer') },
  'PUT /api/v1/experts/me/availability': { access: session('reviewer'), body: () => ({ leave: [] }) },
  'PUT /api/v1/experts/me/direct-assignment': { access: session('reviewer'), body: () => ({ directAssignment: false }) },
  'POST /api/v1/experts/import': { access: session('lead', 'admin'), body: () => ({ csv: 'email,domains\nnobody@test.example,health' }) },
  'GET /api/v1/experts/:userId': { access: session('lead', 'admin') },
  'PUT /api/v1/experts/:userId': {
    access: session('lead', 'admin'),
    body: () => ({ domains: ['space'], region: '999999', languages: ['zh'], capacity: 1 }),
  },
  'GET /api/v1/insights/summary': { access: session('lead', 'admin') },
  'GET /api/v1/insights/ranking': { access: session('lead', 'admin') },
  'GET /api/v1/insights/export/cases.csv': { access: session('lead', 'admin') },
  'GET /api/v1/insights/report': { access: session('lead', 'admin') },
  'GET /api/v1/insights/report.pdf': { access: session('lead', 'admin') },
  'GET /api/v1/cases/:id/comments': { access: TEAM, onCase: true },
  'POST /api/v1/cases/:id/comments': { access: TEAM, onCase: true, body: () => ({ body: 'A note' }) },
  'POST /api/v1/claims/': { access: key('claims:write'), body: () => buildClaimReport() },
  'GET /api/v1/claims/:id': { access: key('claims:read'), platformOwned: true },
  'POST /api/v1/match/': { access: key('match:read'), body: () => ({ text: 'Vaccines contain microchips that track you' }) },
  'GET /api/v1/platform/reports': { access: session('moderator') },
  'POST /api/v1/platform/reports': { access: session('moderator'), body: () => buildClaimReport() },
  'POST /api/v1/platform/match': { access: session('moderator'), body: () => ({ text: 'Vaccines contain microchips that track you' }) },
  'POST /api/v1/platform/imports/': { access: session('moderator') },
  'GET /api/v1/platform/imports/': { access: session('moderator') },
  'GET /api/v1/platform/imports/:id': { access: session('moderator') },
  'GET /api/v1/platform/imports/:id/errors': { access: session('moderator') },
  'GET /api/v1/feed': { access: PUBLIC },
  'GET /api/openapi.json': { access: PUBLIC },
  'GET /api/docs': { access: PUBLIC },
  'GET /api/docs/init.js': { access: PUBLIC },
  'GET /api/v1/publications/:id': { access: PUBLIC },
  // Passed the gate, a lead's empty body is refused (400) before it could retract the fixture's publication.
  'POST /api/v1/publications/:id/retract': { access: LEAD, body: () => ({}) },
  'GET /r/:slug': { access: PUBLIC },
  'GET /r/:slug/share.png': { access: PUBLIC },
  'GET /search': { access: PUBLIC },
  'GET /embed/:slug': { access: PUBLIC },
  'GET /oembed': { access: PUBLIC },
  'GET /display': { access: PUBLIC },
  'GET /feed.atom': { access: PUBLIC },
  'GET /feed.json': { access: PUBLIC },
  'GET /ranking.atom': { access: PUBLIC },
  'GET /ranking.json': { access: PUBLIC },
  'GET /api/v1/notifications/': { access: anySession },
  'POST /api/v1/notifications/:id/read': { access: anySession },
  'GET /api/v1/notifications/preferences': { access: anySession },
  'PUT /api/v1/notifications/preferences': { access: anySession, body: () => ({ muted: [] }) },
  'GET /api/v1/users/mentionable': { access: TEAM },
  'POST /api/v1/users/:id/disable': { access: session('admin') },
  'POST /api/v1/users/:id/enable': { access: session('admin') },
  'GET /api/v1/api-keys/': { access: session('admin') },
  'POST /api/v1/api-keys/': { access: session('admin'), body: () => ({ label: 'Matrix', scopes: ['claims:read'] }) },
  'POST /api/v1/api-keys/:id/rotate': { access: session('admin'), body: () => ({ graceHours: 1 }) },
  'POST /api/v1/api-keys/:id/revoke': { access: session('admin') },
  'POST /api/v1/auth/password': { access: PUBLIC, body: () => ({ token: 'a'.repeat(43), password: 'a-new-password' }) },
  'GET /api/v1/regions/': { access: PUBLIC },
  'GET /api/v1/admin/users': { access: ADMIN },
  'POST /api/v1/admin/users': { access: ADMIN, body: () => ({ name: 'Nobody', email: 'nobody@test.example', roles: ['reviewer'], orgId: MISSING_ID }) },
  'PATCH /api/v1/admin/users/:id': { access: ADMIN, body: () => ({ name: 'Renamed reviewer' }) },
  'GET /api/v1/admin/organisations': { access: ADMIN },
  'POST /api/v1/admin/organisations': { access: ADMIN, body: () => ({ kind: 'review', level: 'provincial', region: '330000', name: { zh: '甲', en: 'A' } }) },
  'PATCH /api/v1/admin/organisations/:id': { access: ADMIN, body: () => ({ region: '330000' }) },
  'GET /api/v1/admin/settings': { access: ADMIN },
  'PUT /api/v1/admin/settings': { access: ADMIN, body: () => ({}) },
  'POST /api/v1/webhooks/': { access: WEBHOOKS, body: () => ({ url: 'https://hooks.example.org/x', events: ['nothing'] }) },
  'GET /api/v1/webhooks/': { access: WEBHOOKS },
  'PATCH /api/v1/webhooks/:id': { access: WEBHOOKS, body: () => ({ enabled: false }) },
  'DELETE /api/v1/webhooks/:id': { access: WEBHOOKS },
  'POST /api/v1/webhooks/:id/rotate-secret': { access: WEBHOOKS },
  'GET /api/v1/webhooks/:id/deliveries': { access: WEBHOOKS },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/replay': { access: WEBHOOKS },
};

const CASE_STATES = ['open', 'in_review', 'submitted', 'published'] as const;
type CaseState = (typeof CASE_STATES)[number];
const MISSING_ID = '0123456789abcdef01234567';

interface Fixture {
  members: Record<'reviewer' | 'lead' | 'admin' | 'moderator', Member>;
  keys: Record<'platformKey' | 'otherPlatformKey', string>;
  cases: Record<CaseState, { caseId: string; reportIds: string[] }>;
  publication: { id: string; slug: string };
  notificationId: string;
  spareReviewerId: string;
  spareLogin: { email: string; password: string };
  mergeTarget: string;
}

let fixture: Fixture;

async function caseIn(state: CaseState): Promise<{ caseId: string; reportIds: string[] }> {
  const { platform, reviewer, lead } = suite.team;
  const report = buildClaimReport();
  const first = (await platform.http.post('/api/v1/claims', report)).body;
  const second = (await platform.http.post('/api/v1/claims', { ...report, externalId: `${report.externalId}-again` })).body;
  const caseId: string = first.caseId;
  expect(second.caseId).toBe(caseId);
  if (state !== 'open') expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  if (state === 'submitted' || state === 'published') {
    expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
    expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  }
  if (state === 'published') expect((await lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
  return { caseId, reportIds: [first.id, second.id] };
}

beforeAll(async () => {
  const [admin, moderator, spareReviewer, spareLogin, other] = await Promise.all([
    createUser({ roles: ['admin'] }),
    createUser({ roles: ['moderator'] }),
    createUser({ roles: ['reviewer'] }),
    createUser({ roles: ['reviewer'] }),
    createPlatform(),
  ]);
  const cases = {} as Fixture['cases'];
  for (const state of CASE_STATES) cases[state] = await caseIn(state);
  const published = (await suite.team.lead.http.get(`/api/v1/cases/${cases.published.caseId}`)).body.publicationId as string;
  const publication = (await suite.team.lead.http.get(`/api/v1/publications/${published}`)).body;
  // A notification of the reviewer's own: the lead mentions them.
  await suite.team.lead.http.post(`/api/v1/cases/${cases.open.caseId}/comments`, { body: 'Have a look', mentions: [suite.team.reviewer.id] });
  const notificationId = (await suite.team.reviewer.http.get('/api/v1/notifications')).body.items[0].id as string;
  fixture = {
    members: {
      reviewer: suite.team.reviewer,
      lead: suite.team.lead,
      admin: await loggedIn(suite.app.baseUrl, admin),
      moderator: await loggedIn(suite.app.baseUrl, moderator),
    },
    keys: { platformKey: suite.team.platform.apiKey, otherPlatformKey: other.apiKey },
    cases,
    publication: { id: publication.id, slug: publication.slug },
    notificationId,
    spareReviewerId: spareReviewer.id,
    spareLogin,
    mergeTarget: (await caseIn('open')).caseId,
  };
});

test('every route the app serves has its row in the access table, and no row is stale', () => {
  const served = routesOf(createApp({ log: createLogger('silent'), clientDir: '/nonexistent' }));
  expect(served).toEqual(Object.keys(ROUTES).sort());
});

function mayPass(access: Access, principal: Principal): boolean {
  if (access.kind === 'public') return true;
  const byKey = principal === 'platformKey' || principal === 'otherPlatformKey';
  if (access.kind === 'key' && (byKey || !access.orSession)) return byKey;
  if (principal === 'anonymous' || byKey) return false;
  const roles: Record<typeof principal, Role[]> = { reviewer: ['reviewer'], lead: ['lead', 'reviewer'], admin: ['admin'], moderator: ['moderator'] };
  const allowed = access.kind === 'key' ? access.orSession! : access.roles;
  return allowed === 'any' || allowed.some((role) => roles[principal].includes(role));
}

/** The route's path with its parameters filled in, for a real target or a missing one. */
function pathFor(route: string, target: { caseId: string; reportIds: string[] } | null): string {
  const path = route.split(' ')[1]!;
  const params: Record<string, string> = {
    id: route.includes('/cases/')
      ? (target?.caseId ?? MISSING_ID)
      : route.includes('/claims/')
        ? (target?.reportIds[0] ?? MISSING_ID)
        : route.includes('/publications/')
          ? fixture.publication.id
          : route.includes('/notifications/')
            ? fixture.notificationId
            : fixture.spareReviewerId,
    claimId: target?.reportIds[1] ?? MISSING_ID,
    itemId: 'primary_source',
    userId: fixture.spareReviewerId,
    slug: fixture.publication.slug,
  };
  return path.replace(/:(\w+)/g, (_match, name: string) => params[name]!);
}

async function send(route: string, principal: Principal, path: string, body: unknown): Promise<{ status: number; code?: string }> {
  const method = route.split(' ')[0]!;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (principal === 'platformKey' || principal === 'otherPlatformKey') headers.authorization = `Bearer ${fixture.keys[principal]}`;
  else if (principal !== 'anonymous') headers.cookie = fixture.members[principal].http.cookieHeader!;
  const response = await fetch(`${suite.app.baseUrl}${path}`, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  const text = await response.text();
  const code = (response.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text).error?.code as string | undefined) : undefined;
  return { status: response.status, ...(code ? { code } : {}) };
}

const GATE_CODES = ['unauthenticated', 'forbidden', 'insufficient_scope', 'invalid_api_key'];

/** Read by a lead who is not among the principals (the matrix ends by logging them out). */
async function snapshotOfCases() {
  const views = await Promise.all(CASE_STATES.map((state) => suite.team.otherLead.http.get(`/api/v1/cases/${fixture.cases[state].caseId}`)));
  return views.map(({ body }) => ({ status: body.status, assignees: body.assignees, reports: body.reportCount, topic: body.topic, draft: body.draft.version, history: body.history.length }));
}

test('each principal passes exactly the gates its row allows, on cases in every state, and a refusal changes nothing', async () => {
  const before = await snapshotOfCases();
  const rows = Object.entries(ROUTES).sort(([, a], [, b]) => Number(a.endsSession ?? false) - Number(b.endsSession ?? false));
  const outcomes: string[] = [];
  for (const [route, row] of rows) {
    const targets = row.onCase || route.includes('/claims/:id') ? CASE_STATES.map((state) => fixture.cases[state]) : [null];
    for (const principal of PRINCIPALS) {
      const allowed = mayPass(row.access, principal);
      const body = row.body?.(fixture);
      if (!allowed) {
        for (const target of targets) {
          const { status, code } = await send(route, principal, pathFor(route, target), body);
          const refused = (status === 401 || status === 403) && GATE_CODES.includes(code ?? '');
          if (!refused) outcomes.push(`${route} as ${principal} on ${target?.caseId ?? '-'}: ${status} ${code ?? ''}`);
        }
        continue;
      }
      // Let through: on a case that does not exist the answer is about the case, not the caller;
      // a platform's own report is found by its key and by no other platform's.
      const target = row.platformOwned ? fixture.cases.open : null;
      const { status, code } = await send(route, principal, pathFor(route, target), body);
      const expectedMissing = row.platformOwned && principal === 'otherPlatformKey';
      const passed = status < 500 && !GATE_CODES.includes(code ?? '') && (!expectedMissing || status === 404) && (!row.platformOwned || principal !== 'platformKey' || status === 200);
      if (!passed) outcomes.push(`${route} as ${principal} (allowed): ${status} ${code ?? ''}`);
    }
  }
  expect(outcomes).toEqual([]);
  expect(await snapshotOfCases()).toEqual(before);
});
