/**
 * Another server process keeps the feeds' responses and the public pages for half a minute and
 * answers conditional requests for them from memory: a version published, corrected or
 * retracted through this process must still change their ETags there within a poll of the
 * index feed (publications/changes.ts), far sooner than they would expire.
 */
import http from 'node:http';
import { correctCase, publishCase } from '../support/publishing';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
let other: ServerProcess;

beforeAll(async () => {
  other = await startServerProcess(suite.app.mongodbUri);
});
afterAll(() => other?.stop());

/** Well within the 30 s the other process keeps its responses, with room for a loaded machine. */
const BOUND_MS = 5_000;

/** A GET of the other process through node:http (fetch would mark a conditional request no-cache). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${other.baseUrl}${path}`, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag ?? ''), body }));
      })
      .on('error', reject);
  });
}

/** The current ETags of the documents, each asked for twice so that the second answer comes from memory. */
async function validators(paths: string[]): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  for (const path of paths) {
    const first = await get(path);
    expect(first.status).toBe(200);
    const again = await get(path, { 'if-none-match': first.etag });
    expect(again.status).toBe(304);
    etags.set(path, first.etag);
  }
  return etags;
}

/** Waits until every document answers its old ETag with a new 200; returns how long that took. */
async function untilChanged(before: Map<string, string>, shows: (path: string, body: string) => boolean): Promise<number> {
  const began = Date.now();
  const pending = new Set(before.keys());
  while (pending.size > 0) {
    if (Date.now() - began > BOUND_MS) throw new Error(`still unchanged after ${BOUND_MS} ms in the other process: ${[...pending].join(', ')}`);
    for (const path of [...pending]) {
      const answer = await get(path, { 'if-none-match': before.get(path)! });
      if (answer.status === 200 && answer.etag !== before.get(path) && shows(path, answer.body)) pending.delete(path);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - began;
}

test('a publication, its correction and its retraction change the ETags of feeds and pages in another process at once', async () => {
  const feeds = ['/api/v1/feed', '/feed.atom', '/feed.json?lang=en'];
  const beforePublication = await validators(feeds);

  const publication = await publishCase(suite.team, { draft: { headline: 'Across processes headline' } });
  await untilChanged(beforePublication, (_path, body) => body.includes('Across processes headline'));

  const page = `/r/${publication.slug}`;
  const beforeCorrection = await validators([...feeds, page]);
  const corrected = await correctCase(suite.team, publication.caseId, 'A newer study', { headline: 'Across processes headline, corrected' });
  await untilChanged(beforeCorrection, (path, body) => (path === page ? body.includes(`/r/${corrected.slug}`) : body.includes('Across processes headline, corrected')));

  const beforeRetraction = await validators([...feeds, page, `/r/${corrected.slug}`]);
  const retracted = await suite.team.lead.http.post(`/api/v1/publications/${corrected.id}/retract`, { reason: 'The study was withdrawn' });
  expect(retracted.status).toBe(201);
  await untilChanged(beforeRetraction, (_path, body) => body.includes('The study was withdrawn'));
});
