import { stringify } from 'csv-stringify/sync';
import { Types } from 'mongoose';
import { claimReportSchema } from '@refute/shared';
import { createPlatform, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { CaseModel } from '../../server/src/features/cases/model';
import { hashPayload } from '../../server/src/features/claims/intake';
import { ClaimModel, type ClaimRecord } from '../../server/src/features/claims/model';
import { ImportChunkModel, ImportJobModel, ImportLeaseModel } from '../../server/src/features/imports/model';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { matchSettings } from '../../server/src/features/matching/settings';
import { matchTokens } from '../../server/src/features/matching/tokens';
import { configureImports } from '../../server/src/features/imports/settings';
import { processImports } from '../../server/src/features/imports/worker';
import { startTestApp, type TestApp } from '../support/testApp';
import { eventually } from '../support/sockets';
import { loggedIn, type Member } from '../support/workbench';

// Bulk imports, worked through here round by round (as the scheduler does) to play crashes and restarts.
// Hundreds of rows per test on a shared machine.
jest.setTimeout(180_000);
let app: TestApp;
// Small chunks: several of them, and crashes between them, in a few hundred rows.
const IMPORT_CHUNK_ROWS = 20;
beforeAll(async () => {
  configureImports({ chunkRows: IMPORT_CHUNK_ROWS });
  app = await startTestApp({ imports: false });
});
afterAll(async () => {
  configureImports({});
  await app.close();
});

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

const csvOf = (rows: Array<[string, string]>) => stringify([['externalId', 'text'], ...rows]);

/** A word of letters only, never seen before: texts built of them match nothing but each other. */
const letters = () => Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

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

test('a chunk places rows repeated inside the file and against reports stored before, and a bad row in its middle stops none of the others', async () => {
  const moderator = await moderatorOfNewPlatform();
  const tag = `dup${Date.now()}`;
  const sentence = () => Array.from({ length: 8 }, letters).join(' ');
  const [before, changed, first, copy] = [sentence(), sentence(), sentence(), sentence()];
  // Reported one by one before the import.
  for (const [externalId, text] of [[`${tag}-before`, before], [`${tag}-changed`, changed]]) {
    expect((await moderator.http.post('/api/v1/platform/reports', { externalId, text })).status).toBe(201);
  }
  const rows: Array<[string, string]> = [
    [`${tag}-first`, first],
    [`${tag}-before`, before], // stored before, same content: repeated
    [`${tag}-changed`, `${changed} but said otherwise`], // stored before, other content: a conflict
    [`${tag}-no-text`, ''], // a bad row in the middle of the chunk
    [`${tag}-first`, first], // twice in the file, same content: repeated
    [`${tag}-first`, `${first} and more`], // twice in the file, other content: a conflict
    [`${tag}-copy`, first], // the same text under another id: the first row's case
    [`${tag}-last`, copy],
  ];
  const started = await upload(moderator, csvOf(rows), 'text/csv');
  const done = await runToEnd(moderator, started.body.id);
  expect(done).toMatchObject({ status: 'done', total: rows.length, processed: rows.length, created: 3, repeated: 2, failed: 3 });
  const report = String((await moderator.http.get(`/api/v1/platform/imports/${started.body.id}/errors`)).body);
  const problems = report.trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 2).join(','));
  expect(problems).toEqual(['3,externalId', '4,text', '6,externalId']);

  const claims = await ClaimModel.find({ orgId: moderator.orgId }).lean<ClaimRecord[]>();
  expect(claims).toHaveLength(5);
  const byId = new Map(claims.map((claim) => [claim.externalId, claim]));
  expect(byId.get(`${tag}-changed`)!.text).toBe(changed);
  expect(String(byId.get(`${tag}-copy`)!.caseId)).toBe(String(byId.get(`${tag}-first`)!.caseId));
  expect(byId.get(`${tag}-copy`)!.match).toMatchObject({ outcome: 'joined', method: 'exact' });
  // Every new report has its case and its audit trail, as through intake.
  for (const externalId of [`${tag}-first`, `${tag}-copy`, `${tag}-last`]) {
    const claim = byId.get(externalId)!;
    expect(await CaseModel.exists({ _id: claim.caseId })).not.toBeNull();
    expect(await AuditEventModel.countDocuments({ subjectId: claim._id, action: 'claim.created' })).toBe(1);
  }
  // Its case counts both reports (written by the counters' writer, in the background on the local engine).
  const firstCase = byId.get(`${tag}-first`)!.caseId;
  await eventually(async () => (await CaseModel.findById(firstCase).lean())?.reportCount === 2, 'the case counting both reports', 30_000);
});

test('an import places each report where intake, one report after another, would have placed it', async () => {
  // One shape of texts, two vocabularies of fresh words: imported in one chunk, and reported one by one.
  const shape = (word: (n: number) => string) => {
    const base = (offset: number) => Array.from({ length: 9 }, (_, n) => word(offset + n)).join(' ');
    return [
      base(0),
      base(0), // the same text
      `${base(0)} ${word(40)}`, // the same words and one more
      base(10),
      `${Array.from({ length: 7 }, (_, n) => word(10 + n)).join(' ')} ${word(41)} ${word(42)}`, // two words of nine changed
      base(20),
      base(10),
      // Two words of nine in common: below the join bar (0.3) and above the suggestion bar (0.2), clear of
      // both, so the collection's statistics, which differ between the two runs, cannot tip it.
      `${word(20)} ${word(21)} ${word(30)} ${word(31)} ${word(32)} ${word(33)} ${word(34)} ${word(35)} ${word(36)}`,
      base(30),
    ];
  };
  const vocabulary = () => {
    const words = Array.from({ length: 50 }, letters);
    return (n: number) => words[n]!;
  };
  const tag = `same${Date.now()}`;
  const imported = shape(vocabulary());
  const reported = shape(vocabulary());

  const importer = await moderatorOfNewPlatform();
  const started = await upload(importer, csvOf(imported.map((text, n) => [`${tag}-i${n}`, text])), 'text/csv');
  expect(await runToEnd(importer, started.body.id)).toMatchObject({ created: imported.length, failed: 0 });
  const reporter = await moderatorOfNewPlatform();
  for (const [n, text] of reported.entries()) expect((await reporter.http.post('/api/v1/platform/reports', { externalId: `${tag}-r${n}`, text })).status).toBe(201);

  /** Per row: how it was placed, and the first row of its case (the partition of the rows into cases). */
  const decisions = async (orgId: string, prefix: string) => {
    const claims = await ClaimModel.find({ orgId }).lean<ClaimRecord[]>();
    const ordered = imported.map((_, n) => claims.find((claim) => claim.externalId === `${prefix}${n}`)!);
    return ordered.map((claim) => ({
      outcome: claim.match?.outcome,
      method: claim.match?.method,
      similarity: Math.round((claim.match?.similarity ?? 0) * 1000),
      caseOfRow: ordered.findIndex((other) => String(other.caseId) === String(claim.caseId)),
    }));
  };
  const bulk = await decisions(importer.orgId, `${tag}-i`);
  expect(bulk).toEqual(await decisions(reporter.orgId, `${tag}-r`));
  // The shape has both: rows that joined an earlier row's case (by its text, and by similarity, which
  // needs the earlier rows of the same chunk on the index), and rows that opened their own.
  expect(bulk.some((decision) => decision.outcome === 'joined' && decision.method === 'exact')).toBe(true);
  expect(bulk.some((decision) => decision.outcome === 'joined' && decision.method === 'similarity')).toBe(true);
  expect(new Set(bulk.map((decision) => decision.caseOfRow)).size).toBeGreaterThan(2);
});

test('a chunk cut short after storing some of its reports is completed after a restart: each report once, with its case and its trail', async () => {
  const moderator = await moderatorOfNewPlatform();
  const tag = `cut${Date.now()}`;
  const rows: Array<[string, string]> = Array.from({ length: 12 }, (_, n) => [`${tag}-${n}`, Array.from({ length: 8 }, letters).join(' ')]);
  const started = await upload(moderator, csvOf(rows), 'text/csv');
  const id: string = started.body.id;
  // A process took chunk 0, stored four of its reports with the cases they were to open, then died.
  await ImportChunkModel.updateOne({ _id: `${id}:0` }, { $set: { startedAt: new Date() } });
  await ImportLeaseModel.create({ _id: `${id}:0`, jobId: id, at: new Date(Date.now() - 10 * 60_000) });
  const settings = matchSettings();
  for (const [externalId, text] of rows.slice(3, 7)) {
    const input = claimReportSchema.parse({ externalId, text });
    const normalizedText = normalizeText(text);
    await ClaimModel.create({
      orgId: moderator.orgId,
      externalId,
      payloadHash: hashPayload(input),
      text,
      normalizedText,
      matchTokens: matchTokens(normalizedText, settings.segmentation),
      language: 'en',
      reachScore: 0,
      reportedAt: new Date(),
      receivedAt: new Date(),
      caseId: new Types.ObjectId(),
      indexed: true,
      match: { outcome: 'new', method: 'similarity', similarity: 0 },
    });
  }

  const done = await runToEnd(moderator, id);
  expect(done).toMatchObject({ status: 'done', processed: rows.length, failed: 0 });
  expect(done.created + done.repeated).toBe(rows.length);
  const claims = await ClaimModel.find({ orgId: moderator.orgId }).lean<ClaimRecord[]>();
  expect(claims.map((claim) => claim.externalId).sort()).toEqual(rows.map(([externalId]) => externalId).sort());
  for (const claim of claims) {
    expect(await CaseModel.exists({ _id: claim.caseId })).not.toBeNull();
    expect(await AuditEventModel.countDocuments({ subjectId: claim._id, action: 'claim.created' })).toBe(1);
    expect(await AuditEventModel.countDocuments({ subjectId: claim.caseId, action: 'case.report_added', 'data.claimId': String(claim._id) })).toBe(1);
  }
});
