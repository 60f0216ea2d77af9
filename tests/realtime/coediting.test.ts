import { Types } from 'mongoose';
import * as Y from 'yjs';
import { RebuttalProvider } from '../../client/src/coediting/provider';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { COMPACT_AFTER, storedUpdateCount } from '../../server/src/features/coediting/document';
import { ack, connected, eventually, pause, socketClients, type ClientSocket } from '../support/sockets';
import { loggedIn, teamSuite, type Member } from '../support/workbench';

const suite = teamSuite();
const open = socketClients(() => suite.app.baseUrl);
const providers: RebuttalProvider[] = [];
afterEach(() => providers.splice(0).forEach((provider) => provider.destroy()));

/** A case claimed by the reviewer, with the second lead assigned too: two co-editors. */
async function caseWithTwoEditors(): Promise<string> {
  const { reviewer, lead, otherLead, platform } = suite.team;
  const report = await platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: otherLead.id })).status).toBe(200);
  return caseId;
}

/** The real client provider (the one the browser uses) over a real socket. */
async function editor(member: Member, caseId: string): Promise<{ provider: RebuttalProvider; socket: ClientSocket; text: () => string }> {
  const socket = open(member);
  await connected(socket);
  const provider = new RebuttalProvider(socket, caseId, { id: member.id, name: member.email, color: '#1971c2' });
  providers.push(provider);
  await eventually(() => provider.syncState === 'synced', `${member.email} synced`);
  return { provider, socket, text: () => provider.doc.getText('body').toJSON() };
}

/** A case with its two co-editors, both synced. */
async function twoEditorsSynced() {
  const caseId = await caseWithTwoEditors();
  const first = await editor(suite.team.reviewer, caseId);
  const second = await editor(suite.team.otherLead, caseId);
  return { caseId, first, second };
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).sort();

test('two experts typing at the same time converge, and a reload from the database has the same text', async () => {
  const { caseId, first, second } = await twoEditorsSynced();
  const typed: string[] = [];
  for (let i = 0; i < 15; i += 1) {
    for (const [who, side] of [['a', first], ['b', second]] as const) {
      const body = side.provider.doc.getText('body');
      const word = `${who}${i} `;
      typed.push(word.trim());
      // Between words, at the start or the end, wherever the other one just typed.
      body.insert(i % 2 === 0 ? 0 : body.length, word);
    }
    await pause(5);
  }
  await eventually(() => first.text() === second.text() && words(first.text()).length === typed.length, 'both see every word');
  expect(words(first.text())).toEqual([...typed].sort());

  // A third person opening the case gets the same text from the database.
  const reader = await editor(suite.team.lead, caseId);
  expect(reader.text()).toBe(first.text());
});

test('an editor offline for a while catches up, and what it typed offline reaches the others', async () => {
  const { first, second } = await twoEditorsSynced();
  first.provider.doc.getText('body').insert(0, 'shared start. ');
  await eventually(() => second.text() === 'shared start. ', 'the start is shared');

  first.socket.disconnect();
  await eventually(() => first.provider.syncState === 'offline', 'the first editor is offline');
  first.provider.doc.getText('body').insert(first.text().length, 'typed offline. ');
  second.provider.doc.getText('body').insert(0, 'typed meanwhile. ');
  await pause(200);
  expect(second.text()).not.toContain('typed offline');

  first.socket.connect();
  await eventually(() => first.text() === second.text() && first.text().includes('typed offline') && first.text().includes('typed meanwhile'), 'both converge after reconnecting');
});

test('cursors of co-editors are shared under their own account names, whatever a client claims', async () => {
  const { first, second } = await twoEditorsSynced();
  first.provider.awareness.setLocalStateField('user', { id: suite.team.lead.id, name: 'Somebody else', color: '#000000' });
  first.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
  const usersSeenBySecond = () =>
    [...second.provider.awareness.getStates().values()].map((state) => state.user as { id?: string; name?: string } | undefined);
  // The factories name every user "Test <email>"; the server stamps that, not what the client said.
  const realName = `Test ${suite.team.reviewer.email}`;
  await eventually(() => usersSeenBySecond().some((user) => user?.name === realName && user.id === suite.team.reviewer.id), 'the second editor sees the first one');
  expect(usersSeenBySecond().map((user) => user?.name)).not.toContain('Somebody else');

  second.provider.keepCursorsOf([suite.team.otherLead.id]);
  expect(usersSeenBySecond().map((user) => user?.name)).not.toContain(realName);
});

test('cursor messages are checked: joined sockets only, awareness data only, a flood is cut', async () => {
  const caseId = await caseWithTwoEditors();
  const socket = open(suite.team.reviewer);
  await connected(socket);
  const cursor = new Uint8Array([1, 5, 1, 2, 123, 125]); // one entry: client 5, clock 1, state {}
  expect(await ack(socket, 'rebuttal.awareness', { caseId, update: cursor })).toMatchObject({ ok: false, code: 'not_joined' });
  expect(await ack(socket, 'case.join', { caseId })).toEqual({ ok: true });
  expect(await ack(socket, 'rebuttal.awareness', { caseId, update: cursor })).toEqual({ ok: true });
  expect(await ack(socket, 'rebuttal.awareness', { caseId, update: new Uint8Array([9, 9, 9]) })).toMatchObject({ ok: false, code: 'validation_failed' });
  expect(await ack(socket, 'rebuttal.awareness', { caseId, update: new Uint8Array(8 * 1024) })).toMatchObject({ ok: false, code: 'validation_failed' });
  const replies = await Promise.all(Array.from({ length: 100 }, () => ack(socket, 'rebuttal.awareness', { caseId, update: cursor })));
  expect(replies.filter((reply) => reply.code === 'rate_limited').length).toBeGreaterThan(0);
});

test('only assigned experts change the rebuttal; unjoined sockets, bad data and other roles are refused', async () => {
  const caseId = await caseWithTwoEditors();
  const update = (() => {
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'not allowed');
    return Y.encodeStateAsUpdate(doc);
  })();
  const stored = () => storedUpdateCount(new Types.ObjectId(caseId));

  const lead = open(suite.team.lead);
  await connected(lead);
  expect(await ack(lead, 'rebuttal.update', { caseId, update })).toMatchObject({ ok: false, code: 'not_joined' });
  expect(await ack(lead, 'case.join', { caseId })).toEqual({ ok: true });
  expect(await ack(lead, 'rebuttal.update', { caseId, update })).toMatchObject({ ok: false, code: 'not_assigned' });

  const reviewer = open(suite.team.reviewer);
  await connected(reviewer);
  expect(await ack(reviewer, 'case.join', { caseId })).toEqual({ ok: true });
  expect(await ack(reviewer, 'rebuttal.update', { caseId, update: 'text, not binary' })).toMatchObject({ ok: false, code: 'validation_failed' });
  expect(await ack(reviewer, 'rebuttal.update', { caseId, update: new Uint8Array([255, 255, 255, 7, 1]) })).toMatchObject({
    ok: false,
    code: 'validation_failed',
  });
  expect(await ack(reviewer, 'rebuttal.update', { caseId, update: new Uint8Array(300 * 1024) })).toMatchObject({ ok: false, code: 'validation_failed' });
  expect(await ack(reviewer, 'rebuttal.sync', { caseId, stateVector: [1, 2] })).toMatchObject({ ok: false, code: 'validation_failed' });
  expect(await stored()).toBe(0);

  const moderator = open(await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'] })));
  await connected(moderator);
  expect(await ack(moderator, 'rebuttal.sync', { caseId, stateVector: new Uint8Array([0]) })).toMatchObject({ ok: false, code: 'forbidden' });

  // After submission nobody edits the rebuttal any more.
  const { reviewer: expert } = suite.team;
  expect((await expert.http.put(`/api/v1/cases/${caseId}/draft`, { verdict: 'false', headline: 'No', summary: 'No.', rebuttalHtml: '<p>No.</p>', evidence: [{ title: 'A review', url: 'https://example.org/r', kind: 'paper' }], version: 0 })).status).toBe(200);
  expect((await expert.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect(await ack(reviewer, 'rebuttal.update', { caseId, update })).toMatchObject({ ok: false, code: 'invalid_state' });
  expect(await stored()).toBe(0);
});

test('many keystrokes are compacted into one stored update without losing any', async () => {
  const caseId = await caseWithTwoEditors();
  const first = await editor(suite.team.reviewer, caseId);
  const body = first.provider.doc.getText('body');
  const keystrokes = COMPACT_AFTER + 20;
  for (let i = 0; i < keystrokes; i += 1) body.insert(body.length, String.fromCharCode(97 + (i % 26)));
  const id = new Types.ObjectId(caseId);
  await eventually(async () => (await storedUpdateCount(id)) === keystrokes, 'every keystroke stored', 10_000);

  // The next sync (someone opening the case) compacts.
  const reader = await editor(suite.team.otherLead, caseId);
  expect(reader.text()).toBe(first.text());
  expect(reader.text()).toHaveLength(keystrokes);
  expect(await storedUpdateCount(id)).toBe(1);
  const again = await editor(suite.team.lead, caseId);
  expect(again.text()).toBe(first.text());
});

test('an editor refused for sending too much at once keeps its text and sends it on a later sync', async () => {
  const { first, second } = await twoEditorsSynced();
  const body = first.provider.doc.getText('body');
  const chunk = 'x'.repeat(220 * 1024);
  const states: string[] = [];
  first.provider.onStateChange((state) => states.push(state));
  for (let i = 0; i < 5; i += 1) body.insert(body.length, chunk);
  await eventually(() => states.includes('refused'), 'the flood is refused');
  await eventually(() => second.text().length === 5 * chunk.length && first.provider.syncState === 'synced', 'the refused text arrives after all', 15_000);
  expect(second.text()).toBe(first.text());
});
