import { buildClaimReport, buildDraft, createUser } from '../../fixtures/factories';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

// Which reports a case holds changes (merge, move-out) only by its assignees and leads, and only
// while its verdict is not out.
const suite = teamSuite();

type CaseState = 'open' | 'in_review' | 'submitted' | 'returned' | 'published';
/** Unrelated claims, so each test case opens a case of its own. */
const CLAIMS = [
  'Rubbing onion juice on the scalp regrows hair within two weeks',
  'Sleeping next to a phone charger causes brain tumours',
  'Eating raw garlic before bed prevents all winter colds',
  'Cold showers cure depression permanently after ten days',
  'Sunflower seeds pull heavy metals out of the liver',
  'Chewing gum stays in the stomach for seven years',
  'Bananas are radioactive enough to set off airport scanners',
  'Goldfish only remember things for three seconds',
  'Shaving makes hair grow back thicker and darker',
  'Reading in dim light permanently damages your eyesight',
  'Bulls become enraged by the colour red',
  'Humans use only ten percent of their brains',
  'Sugar makes children hyperactive within minutes',
  'Lightning cannot travel through car tyres so cars are safe',
  'Drinking coffee stunts the growth of teenagers',
  'Wet hair in winter gives you pneumonia',
  'Cracking knuckles slowly wears away the joints',
  'Microwave ovens remove all nutrients from vegetables',
  'Swallowed watermelon seeds grow inside the stomach',
  'Eating carrots at night gives perfect night vision',
  'Brown eggs are healthier than white eggs',
  'Penguins propose to their partners with a pebble every spring',
  'Toads give people warts when touched',
  'Dogs see only in black and white',
];
let counter = 0;

/** A case of two reports, held by the team's reviewer from `in_review` on, brought to `state`. */
async function caseIn(state: CaseState): Promise<{ caseId: string; reportIds: string[] }> {
  const { platform, reviewer, lead } = suite.team;
  const text = CLAIMS[counter++]!;
  const first = (await platform.http.post('/api/v1/claims', buildClaimReport({ text }))).body;
  const second = (await platform.http.post('/api/v1/claims', buildClaimReport({ text: `${text}!!` }))).body;
  expect(second.caseId).toBe(first.caseId);
  const caseId: string = first.caseId;
  if (state !== 'open') expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  if (['submitted', 'returned', 'published'].includes(state)) {
    expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
    expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  }
  if (state === 'returned') expect((await lead.http.post(`/api/v1/cases/${caseId}/return`, { comment: 'More evidence' })).status).toBe(200);
  if (state === 'published') expect((await lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
  return { caseId, reportIds: [first.id, second.id] };
}

const moveOut = (member: Member, target: { caseId: string; reportIds: string[] }) =>
  member.http.post(`/api/v1/cases/${target.caseId}/reports/${target.reportIds[1]}/move-out`);

let bystander: Member;
let moderator: Member;
beforeAll(async () => {
  bystander = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['reviewer'] }));
  moderator = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'] }));
});

test.each<[CaseState, { assignee: number; lead: number; bystander: number }]>([
  ['open', { assignee: 403, lead: 201, bystander: 403 }],
  ['in_review', { assignee: 201, lead: 201, bystander: 403 }],
  ['returned', { assignee: 201, lead: 201, bystander: 403 }],
  ['submitted', { assignee: 409, lead: 409, bystander: 403 }],
  ['published', { assignee: 409, lead: 409, bystander: 403 }],
])('move-out of a case %s: assignee, lead, a reviewer not on the case', async (state, expected) => {
  // `assignee` is the team's reviewer, who holds the case from in_review on (nobody holds an open case).
  const asAssignee = await caseIn(state);
  expect((await moveOut(suite.team.reviewer, asAssignee)).status).toBe(expected.assignee);
  const asLead = await caseIn(state);
  const lead = await moveOut(suite.team.otherLead, asLead);
  expect(lead.status).toBe(expected.lead);
  if (state === 'submitted') expect(lead.body.error.code).toBe('invalid_state');
  if (state === 'published') {
    expect(lead.body.error.code).toBe('case_published');
    expect(lead.body.error.message).toMatch(/reopen/);
  }
  const asBystander = await caseIn(state);
  const refused = await moveOut(bystander, asBystander);
  expect(refused.status).toBe(expected.bystander);
  expect(refused.body.error.code).toBe('not_on_case');
  // Refusals change nothing.
  expect((await suite.team.lead.http.get(`/api/v1/cases/${asBystander.caseId}`)).body.reportCount).toBe(2);
});

test('a moderator, a platform key and nobody cannot move reports at all', async () => {
  const target = await caseIn('in_review');
  expect((await moveOut(moderator, target)).status).toBe(403);
  expect((await suite.team.platform.http.post(`/api/v1/cases/${target.caseId}/reports/${target.reportIds[1]}/move-out`)).status).toBe(401);
  expect((await suite.team.lead.http.get(`/api/v1/cases/${target.caseId}`)).body.reportCount).toBe(2);
});

test('merging needs the right to both cases, and neither may be published', async () => {
  const { reviewer, lead } = suite.team;
  const held = await caseIn('in_review');
  const open = await caseIn('open');
  // The reviewer holds `held` but not the open case: folding it in changes the open case too.
  expect((await reviewer.http.post(`/api/v1/cases/${open.caseId}/merge`, { intoCaseId: held.caseId })).status).toBe(403);
  expect((await bystander.http.post(`/api/v1/cases/${held.caseId}/merge`, { intoCaseId: open.caseId })).status).toBe(403);
  const published = await caseIn('published');
  const intoPublished = await lead.http.post(`/api/v1/cases/${open.caseId}/merge`, { intoCaseId: published.caseId });
  expect(intoPublished.status).toBe(409);
  expect(intoPublished.body.error.code).toBe('case_published');
  const publishedAway = await lead.http.post(`/api/v1/cases/${published.caseId}/merge`, { intoCaseId: open.caseId });
  expect(publishedAway.status).toBe(409);
  expect((await lead.http.post(`/api/v1/cases/${open.caseId}/merge`, { intoCaseId: held.caseId })).status).toBe(200);
});

test('a case reopened for a correction keeps its published verdict: it can take reports in, never be merged away', async () => {
  const { lead } = suite.team;
  const reopened = await caseIn('published');
  expect((await lead.http.post(`/api/v1/cases/${reopened.caseId}/reopen`, { reason: 'Reports belong elsewhere' })).status).toBe(200);
  const other = await caseIn('open');
  const away = await lead.http.post(`/api/v1/cases/${reopened.caseId}/merge`, { intoCaseId: other.caseId });
  expect(away.status).toBe(409);
  expect(away.body.error.code).toBe('case_published');
  expect((await lead.http.post(`/api/v1/cases/${other.caseId}/merge`, { intoCaseId: reopened.caseId })).status).toBe(200);
  expect((await lead.http.get(`/api/v1/cases/${reopened.caseId}`)).body).toMatchObject({ status: 'in_review', reportCount: 4 });
});

test("the assignees are told when someone else changes which reports their case holds", async () => {
  const target = await caseIn('in_review');
  expect((await moveOut(suite.team.otherLead, target)).status).toBe(201);
  const notifications = (await suite.team.reviewer.http.get('/api/v1/notifications')).body.items as Array<{ kind: string; caseId: string; actor: { id: string } }>;
  expect(notifications.find((item) => item.kind === 'reports_changed' && item.caseId === target.caseId)).toMatchObject({ actor: { id: suite.team.otherLead.id } });
});
