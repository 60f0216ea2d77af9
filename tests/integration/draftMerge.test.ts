import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { ack, connected, nextEvent, socketClients } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const open = socketClients(() => suite.app.baseUrl);

/** A case with the reviewer and the second lead both assigned, and a first saved draft (version 1). */
async function sharedCase(): Promise<string> {
  const { reviewer, lead, otherLead, platform } = suite.team;
  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
  await reviewer.http.post(`/api/v1/cases/${caseId}/claim`);
  await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: otherLead.id });
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ version: 0 }))).status).toBe(200);
  return caseId;
}

test('two experts saving different fields from the same version keep both changes', async () => {
  const caseId = await sharedCase();
  const url = `/api/v1/cases/${caseId}/draft`;
  const extra = { title: 'WHO statement', url: 'https://example.org/who', kind: 'official' as const };
  const first = await suite.team.reviewer.http.put(url, buildDraft({ headline: 'Headline by the reviewer', version: 1 }));
  const second = await suite.team.otherLead.http.put(
    url,
    buildDraft({ summary: 'Summary by the toxicologist.', evidence: [...buildDraft().evidence, extra], version: 1 }),
  );
  expect([first.status, second.status]).toEqual([200, 200]);
  const draft = (await suite.team.reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft;
  expect(draft).toMatchObject({ version: 3, headline: 'Headline by the reviewer', summary: 'Summary by the toxicologist.' });
  expect(draft.evidence.map((item: { url: string }) => item.url)).toEqual(['https://example.org/review', 'https://example.org/who']);
});

test('the same field changed by two experts: the later save is refused, naming the field, and nothing is overwritten', async () => {
  const caseId = await sharedCase();
  const url = `/api/v1/cases/${caseId}/draft`;
  expect((await suite.team.reviewer.http.put(url, buildDraft({ headline: 'Mine first', version: 1 }))).status).toBe(200);
  const later = await suite.team.otherLead.http.put(url, buildDraft({ headline: 'Mine later', summary: 'Also changed.', version: 1 }));
  expect(later.status).toBe(409);
  expect(later.body.error).toMatchObject({ code: 'stale_draft', details: { fields: ['headline'], current: { headline: 'Mine first', version: 2 } } });
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft).toMatchObject({ version: 2, headline: 'Mine first' });
});

test('concurrent saves of different fields all land, none lost', async () => {
  const caseId = await sharedCase();
  const url = `/api/v1/cases/${caseId}/draft`;
  const results = await Promise.all([
    suite.team.reviewer.http.put(url, buildDraft({ headline: 'Concurrent headline', version: 1 })),
    suite.team.otherLead.http.put(url, buildDraft({ summary: 'Concurrent summary.', version: 1 })),
    suite.team.otherLead.http.put(url, buildDraft({ verdict: 'misleading', version: 1 })),
  ]);
  expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft).toMatchObject({
    version: 4,
    headline: 'Concurrent headline',
    summary: 'Concurrent summary.',
    verdict: 'misleading',
  });
});

test('a save from a version that does not exist yet is refused', async () => {
  const caseId = await sharedCase();
  const response = await suite.team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ version: 7 }));
  expect(response.status).toBe(422);
  expect(response.body.error.code).toBe('unknown_version');
});

test('everyone in the case hears of a saved draft at once', async () => {
  const caseId = await sharedCase();
  const watcher = open(suite.team.otherLead);
  await connected(watcher);
  expect(await ack(watcher, 'case.join', { caseId })).toEqual({ ok: true });
  const heard = nextEvent(watcher, 'draft.saved', (payload) => payload.caseId === caseId);
  await suite.team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ headline: 'Announced', version: 1 }));
  const [payload] = await heard;
  expect(payload.draft).toMatchObject({ headline: 'Announced', version: 2 });
});

test('evidence is told apart by URL: the same URL twice in one save is refused', async () => {
  const caseId = await sharedCase();
  const twice = buildDraft({ version: 1, evidence: [...buildDraft().evidence, { ...buildDraft().evidence[0]!, title: 'Same link again' }] });
  const response = await suite.team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, twice);
  expect(response.status).toBe(400);
  expect((await suite.team.reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft.version).toBe(1);
});
