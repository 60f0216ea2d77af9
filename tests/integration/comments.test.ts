import type { CommentView } from '@refute/shared';
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();

async function openCase(): Promise<string> {
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  expect(report.status).toBe(201);
  return report.body.caseId as string;
}

const commentsOf = async (caseId: string) => {
  const response = await suite.team.reviewer.http.get(`/api/v1/cases/${caseId}/comments`);
  expect(response.status).toBe(200);
  return response.body.items as CommentView[];
};

test('a reviewer comments with a mention; the comment is listed and audited', async () => {
  const caseId = await openCase();
  const { reviewer, lead } = suite.team;
  const posted = await reviewer.http.post(`/api/v1/cases/${caseId}/comments`, { body: '  Please check the dosage claim  ', mentions: [lead.id, lead.id] });
  expect(posted.status).toBe(201);
  expect(posted.body.comment).toMatchObject({ caseId, body: 'Please check the dosage claim', author: { id: reviewer.id } });
  expect(posted.body.comment.mentions.map((person: { id: string }) => person.id)).toEqual([lead.id]);

  const listed = await commentsOf(caseId);
  expect(listed.map((comment) => comment.id)).toEqual([posted.body.comment.id]);
  const detail = await lead.http.get(`/api/v1/cases/${caseId}`);
  const audit = detail.body.history.find((entry: { action: string }) => entry.action === 'comment.created');
  expect(audit).toMatchObject({ actorId: reviewer.id, data: { commentId: posted.body.comment.id, mentions: [lead.id] } });
});

test('bad bodies and bad mentions are refused and store nothing', async () => {
  const caseId = await openCase();
  const { reviewer } = suite.team;
  const post = (body: unknown) => reviewer.http.post(`/api/v1/cases/${caseId}/comments`, body);
  for (const bad of [{ body: '   ' }, { body: 'x'.repeat(4001) }, { body: 'hi', extra: 1 }, { body: 'hi', mentions: 'nobody' }, { body: 'hi', mentions: ['not-an-id'] }, {}]) {
    const response = await post(bad);
    expect({ bad, status: response.status, code: response.body.error?.code }).toEqual({ bad, status: 400, code: 'validation_failed' });
  }
  const [moderator, disabledReviewer] = await Promise.all([createUser({ roles: ['moderator'] }), createUser({ roles: ['reviewer'] })]);
  const admin = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['admin'] }));
  expect((await admin.http.post(`/api/v1/users/${disabledReviewer.id}/disable`)).status).toBe(200);
  const unknown = '0123456789abcdef01234567';
  for (const mentioned of [moderator.id, disabledReviewer.id, unknown]) {
    const response = await post({ body: 'hi', mentions: [suite.team.lead.id, mentioned] });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'invalid_mention', details: { userIds: [mentioned] } });
  }
  expect(await commentsOf(caseId)).toEqual([]);
});

test('unknown and merged cases are refused; only the review team may read or write comments', async () => {
  const { reviewer } = suite.team;
  const unknown = await reviewer.http.post('/api/v1/cases/0123456789abcdef01234567/comments', { body: 'hi' });
  expect(unknown.status).toBe(404);
  expect((await reviewer.http.get('/api/v1/cases/0123456789abcdef01234567/comments')).status).toBe(404);
  expect((await reviewer.http.get('/api/v1/cases/nope/comments')).status).toBe(400);

  const [source, target] = [await openCase(), await openCase()];
  expect((await suite.team.lead.http.post(`/api/v1/cases/${source}/merge`, { intoCaseId: target })).status).toBe(200);
  const merged = await reviewer.http.post(`/api/v1/cases/${source}/comments`, { body: 'hi' });
  expect(merged.status).toBe(409);
  expect(merged.body.error.code).toBe('invalid_state');

  const moderator = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['moderator'] }));
  expect((await moderator.http.post(`/api/v1/cases/${target}/comments`, { body: 'hi' })).status).toBe(403);
  expect((await moderator.http.get(`/api/v1/cases/${target}/comments`)).status).toBe(403);
  expect((await moderator.http.get('/api/v1/users/mentionable')).status).toBe(403);
  const admin = await loggedIn(suite.app.baseUrl, await createUser({ roles: ['admin'] }));
  expect((await admin.http.post(`/api/v1/cases/${target}/comments`, { body: 'From the admin' })).status).toBe(201);
  expect(await commentsOf(target)).toHaveLength(1);
});

test('the mention picker lists active reviewers and leads by name, and no one else', async () => {
  const { reviewer, lead } = suite.team;
  const listed = await reviewer.http.get(`/api/v1/users/mentionable?q=${encodeURIComponent(lead.email.slice(0, 15))}`);
  expect(listed.status).toBe(200);
  expect(listed.body.items).toEqual([{ id: lead.id, name: `Test ${lead.email}` }]);

  const moderator = await createUser({ roles: ['moderator'] });
  const byModeratorName = await reviewer.http.get(`/api/v1/users/mentionable?q=${encodeURIComponent(moderator.email)}`);
  expect(byModeratorName.body.items).toEqual([]);
  // The query is text, not a pattern.
  expect((await reviewer.http.get('/api/v1/users/mentionable?q=.*')).body.items).toEqual([]);
  const all = await reviewer.http.get('/api/v1/users/mentionable');
  expect(all.body.items.length).toBeGreaterThan(0);
  expect(all.body.items.length).toBeLessThanOrEqual(20);
  expect((await reviewer.http.get('/api/v1/users/mentionable?q=a&q=b')).status).toBe(400);
});
