import { RebuttalProvider } from '../../client/src/coediting/provider';
import { Types } from 'mongoose';
import * as Y from 'yjs';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { RebuttalUpdateModel } from '../../server/src/features/coediting/model';
import { OnceModel } from '../../server/src/features/meta/onceModel';
import { backfillContributors } from '../../server/src/features/reviews/contributors';
import { connected, eventually, socketClients } from '../support/sockets';
import { teamSuite, type Member } from '../support/workbench';

// Four-eyes counts everyone who contributed to what is published, co-editors who never saved included.
const suite = teamSuite();
const open = socketClients(() => suite.app.baseUrl);
const providers: RebuttalProvider[] = [];
afterEach(() => providers.splice(0).forEach((provider) => provider.destroy()));

async function reportedCase(text: string): Promise<string> {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  expect(response.status).toBe(201);
  return response.body.caseId;
}

/** `member` types into the case's rebuttal over the socket, as the browser's editor does, and never saves. */
async function coEdit(member: Member, caseId: string, words: string): Promise<void> {
  const socket = open(member);
  await connected(socket);
  const provider = new RebuttalProvider(socket, caseId, { id: member.id, name: member.email, color: '#2f9e44' });
  providers.push(provider);
  await eventually(() => provider.syncState === 'synced', `${member.email} synced`);
  provider.doc.getText('body').insert(0, words);
  const authors = async () => (await member.http.get(`/api/v1/cases/${caseId}`)).body.draft.authorIds as string[];
  await eventually(async () => (await authors()).includes(member.id), `${member.email} counted as an author`);
}

async function saveAndSubmit(member: Member, caseId: string): Promise<void> {
  const current = (await member.http.get(`/api/v1/cases/${caseId}`)).body.draft.version;
  expect((await member.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ version: current }))).status).toBe(200);
  expect((await member.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
}

test('a lead who co-edited the rebuttal cannot approve it (403), the case says why, and another lead can', async () => {
  const { reviewer, lead, otherLead } = suite.team;
  const caseId = await reportedCase('Drinking vinegar every morning dissolves kidney stones within a week');
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: lead.id })).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  await coEdit(lead, caseId, 'Vinegar does not dissolve kidney stones. ');
  await saveAndSubmit(reviewer, caseId);

  const detail = (await lead.http.get(`/api/v1/cases/${caseId}`)).body;
  expect(detail.draft.authorIds).toEqual(expect.arrayContaining([lead.id, reviewer.id]));
  const refused = await lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('four_eyes');
  expect((await lead.http.get(`/api/v1/cases/${caseId}`)).body.status).toBe('submitted');

  const approved = await otherLead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  expect(approved.body.publication.version).toBe(1);
});

test('a correction: a lead who co-edited it cannot approve the next version (403); another lead publishes it with the reason', async () => {
  const { reviewer, lead, otherLead } = suite.team;
  const caseId = await reportedCase('Microwaved water kills houseplants because it changes the water structure');
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  await saveAndSubmit(reviewer, caseId);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);

  const reopened = await otherLead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: 'The cited study was retracted' });
  expect(reopened.status).toBe(200);
  expect(reopened.body).toMatchObject({ status: 'in_review', reopenReason: 'The cited study was retracted', assignees: [reviewer.id] });
  expect(reopened.body.draft.headline).toBe(buildDraft().headline);
  // The published version answers until the correction is out.
  const match = await suite.team.platform.http.post('/api/v1/match', { text: 'Microwaved water kills houseplants because it changes the water structure' });
  expect(match.body.matches[0]).toMatchObject({ caseId });

  expect((await otherLead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: otherLead.id })).status).toBe(200);
  await coEdit(otherLead, caseId, 'Corrected: ');
  await saveAndSubmit(reviewer, caseId);
  const refused = await otherLead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('four_eyes');

  // The lead who approved version 1 wrote nothing of it and may approve the correction.
  const approved = await lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  expect(approved.body.publication).toMatchObject({ version: 2, correctionReason: 'The cited study was retracted' });
  expect(approved.body.case).toMatchObject({ status: 'published' });
  const notifications = (await reviewer.http.get('/api/v1/notifications')).body.items as Array<{ kind: string; caseId: string }>;
  expect(notifications.some((item) => item.kind === 'reopened' && item.caseId === caseId)).toBe(true);
});

test('reopening needs a lead, a reason and a published case', async () => {
  const { reviewer, lead } = suite.team;
  const caseId = await reportedCase('Cracking your knuckles causes arthritis in old age');
  expect((await lead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: 'why not' })).status).toBe(409);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: 'why not' })).status).toBe(403);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: '   ' })).status).toBe(400);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/reopen`, {})).status).toBe(400);
});

test('co-editing stored before contributors were recorded is counted once the backfill has run', async () => {
  const { reviewer, lead, otherLead } = suite.team;
  const caseId = await reportedCase('Standing on one leg for ten minutes a day reverses osteoporosis');
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  // An update the lead typed under an earlier version, stored with its sender and nothing else.
  const doc = new Y.Doc();
  doc.getText('body').insert(0, 'Bones need load over months. ');
  await RebuttalUpdateModel.create({ caseId: new Types.ObjectId(caseId), update: Buffer.from(Y.encodeStateAsUpdate(doc)), userId: new Types.ObjectId(lead.id), at: new Date() });
  await saveAndSubmit(reviewer, caseId);

  await OnceModel.deleteOne({ _id: 'case-contributors-from-rebuttal-updates' });
  expect(await backfillContributors()).toBeGreaterThanOrEqual(1);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(403);
  expect(await backfillContributors()).toBe(0);
  expect((await otherLead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);
});
