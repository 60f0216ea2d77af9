import { createPlatform, createUser } from '../../fixtures/factories';
import { CaseModel } from '../../server/src/features/cases/model';
import { ClaimModel } from '../../server/src/features/claims/model';
import { ImportJobModel, ImportLeaseModel } from '../../server/src/features/imports/model';
import { IMPORT_CHUNK_ROWS } from '../../server/src/features/imports/service';
import { processImports } from '../../server/src/features/imports/worker';
import { startTestApp, type TestApp } from '../support/testApp';
import { loggedIn, type Member } from '../support/workbench';

// Bulk imports, worked through here round by round (as the scheduler does) to play crashes and restarts.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ imports: false });
});
afterAll(() => app.close());

async function moderatorOfNewPlatform(): Promise<Member & { orgId: string }> {
  const { orgId } = await createPlatform();
  return { ...(await loggedIn(app.baseUrl, await createUser({ roles: ['moderator'], orgId }))), orgId };
}

const upload = (moderator: Member, content: string, type: string, name = 'reports') =>
  moderator.http.request('POST', `/api/v1/platform/imports?name=${name}`, { raw: content, headers: { 'content-type': type } });

/** Rounds until the job is done (each round works one chunk of it). */
async function runToEnd(moderator: Member, id: string) {
  for (let round = 0; round < 1000; round++) {
    const job = (await moderator.http.get(`/api/v1/platform/imports/${id}`)).body;
    if (job.status === 'done') return job;
    await processImports();
  }
  throw new Error('the import did not finish');
}

const words = () => Array.from({ length: 5 }, () => Math.random().toString(36).slice(2, 9)).join(' ');

function csvFile(rows: number, tag: string): { content: string; good: number } {
  const lines = ['externalId,text,url,region,views,shares,comments,media'];
  for (let index = 1; index <= rows; index++) lines.push(`${tag}-${index},"${words()}, said a post",https://example.org/p/${index},110000,${index},2,1,image:https://example.org/i/${index}.png`);
  // Row rows+1: no text; row rows+2: a bad link and a count that is not a number; row rows+3: an externalId reused for another text.
  lines.push(`${tag}-empty,,,,,,,`);
  lines.push(`${tag}-bad,"${words()}",not-a-link,,many,,,`);
  lines.push(`${tag}-1,"${words()} another text",,,,,,`);
  return { content: `${lines.join('\n')}\n`, good: rows };
}

test('a CSV import creates the good rows, reports every bad one by row and field, and a second upload creates nothing', async () => {
  const moderator = await moderatorOfNewPlatform();
  const rows = IMPORT_CHUNK_ROWS * 2 + 7;
  const { content } = csvFile(rows, `csv${Date.now()}`);
  const started = await upload(moderator, content, 'text/csv', 'week.csv');
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ name: 'week.csv', format: 'csv', status: 'running', total: rows + 3, processed: 0 });

  const done = await runToEnd(moderator, started.body.id);
  expect(done).toMatchObject({ status: 'done', processed: rows + 3, created: rows, repeated: 0, failed: 3 });
  expect(await ClaimModel.countDocuments({ orgId: moderator.orgId })).toBe(rows);

  const report = await moderator.http.get(`/api/v1/platform/imports/${started.body.id}/errors`);
  expect(report.status).toBe(200);
  expect(report.headers.get('content-type')).toContain('text/csv');
  const lines = String(report.body).trim().split('\n');
  expect(lines[0]).toBe('row,field,message');
  const fields = lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','));
  expect(fields).toEqual([`${rows + 1},text`, `${rows + 2},url`, `${rows + 2},reach.views`, `${rows + 3},externalId`]);

  const casesBefore = await CaseModel.countDocuments({});
  const again = await upload(moderator, content, 'text/csv');
  const second = await runToEnd(moderator, again.body.id);
  expect(second).toMatchObject({ created: 0, repeated: rows, failed: 3 });
  expect(await ClaimModel.countDocuments({ orgId: moderator.orgId })).toBe(rows);
  // Nothing new anywhere: a repeated row opens no case either.
  expect(await CaseModel.countDocuments({})).toBe(casesBefore);
  expect((await moderator.http.get('/api/v1/platform/imports')).body.items.map((job: { id: string }) => job.id)).toEqual([again.body.id, started.body.id]);
});

test('JSON Lines: each line a report; a line that is not a JSON object is a bad row, not a stopped import', async () => {
  const moderator = await moderatorOfNewPlatform();
  const tag = `jsonl${Date.now()}`;
  const lines = [JSON.stringify({ externalId: `${tag}-1`, text: words(), reach: { views: 5 } }), '{not json', '[1,2]', JSON.stringify({ externalId: `${tag}-2`, text: words(), $where: 'x' })];
  const started = await upload(moderator, lines.join('\n'), 'application/x-ndjson');
  expect(started.status).toBe(202);
  const done = await runToEnd(moderator, started.body.id);
  expect(done).toMatchObject({ total: 4, created: 1, failed: 3 });
  const report = String((await moderator.http.get(`/api/v1/platform/imports/${started.body.id}/errors`)).body);
  expect(report).toContain('2,,the line is not valid JSON');
  expect(report).toContain('3,,the line is not a JSON object');
  expect(report).toMatch(/^4,,/m);
});

test('an import resumes where it stopped: a chunk a dead process held is taken up again, and rows done twice create nothing twice', async () => {
  const moderator = await moderatorOfNewPlatform();
  const rows = IMPORT_CHUNK_ROWS * 3;
  const started = await upload(moderator, csvFile(rows, `resume${Date.now()}`).content, 'text/csv');
  const id: string = started.body.id;
  await processImports();
  expect((await moderator.http.get(`/api/v1/platform/imports/${id}`)).body.processed).toBe(IMPORT_CHUNK_ROWS);

  // A process died working on chunk 1 (its lease is left), after creating some of its reports.
  await ImportLeaseModel.create({ _id: `${id}:1`, jobId: id, at: new Date(Date.now() - 10 * 60_000) });
  // And the record of chunk 0 being done was lost: chunk 0 is done again.
  await ImportJobModel.updateOne({ _id: id }, { $set: { nextChunk: 0, processed: 0, created: 0, repeated: 0, failed: 0 } });
  await ImportLeaseModel.deleteOne({ _id: `${id}:0` });

  const done = await runToEnd(moderator, id);
  expect(done).toMatchObject({ status: 'done', processed: rows + 3, failed: 3 });
  expect(done.created + done.repeated).toBe(rows);
  expect(await ClaimModel.countDocuments({ orgId: moderator.orgId })).toBe(rows);
  expect(await ImportLeaseModel.countDocuments({ jobId: id })).toBe(0);
});

test('uploads that cannot be an import are refused with a clear 4xx, and another platform never sees an import', async () => {
  const moderator = await moderatorOfNewPlatform();
  const unknownColumn = await upload(moderator, 'externalId,text,colour\na,b,c\n', 'text/csv');
  expect(unknownColumn.status).toBe(400);
  expect(unknownColumn.body.error.code).toBe('unreadable_upload');
  expect((await upload(moderator, '', 'text/csv')).status).toBe(400);
  const asJson = await moderator.http.post('/api/v1/platform/imports', { rows: [] });
  expect(asJson.status).toBe(415);
  expect(asJson.body.error.code).toBe('unsupported_media_type');

  const started = await upload(moderator, `externalId,text\nx-${Date.now()},"${words()}"\n`, 'text/csv');
  const stranger = await moderatorOfNewPlatform();
  expect((await stranger.http.get(`/api/v1/platform/imports/${started.body.id}`)).status).toBe(404);
  expect((await stranger.http.get(`/api/v1/platform/imports/${started.body.id}/errors`)).status).toBe(404);
  expect((await stranger.http.get('/api/v1/platform/imports')).body.items).toEqual([]);
  await runToEnd(moderator, started.body.id);
});
