/**
 * Re-tokenising: reports keep the matching features they were stored with, so a change of
 * `matchTokens` (a new marker, a changed pattern) would reach only reports stored after it. Each
 * report carries the `tokenizerVersion` it was tokenised with; this rewrites, in chunks, the
 * tokens of every report of another version (none: stored before the version was kept), from
 * its text as it is now normalised. The exact-text key (`normalizedText`) is left as it is: it
 * names the case the text was registered under.
 *
 * Cheap on the local engine: one pass of a cursor over the reports (a filter on "not this
 * version" is no top-level equality and would be applied in Go to every document anyway), each
 * rewrite an update by `_id`. Resumable: a report rewritten keeps the current version, so a pass
 * cut short (a restart) only reads again what it already did. Done once per version: a marker
 * (`once_markers`, read by its `_id`) says so, and a process that found it missing at start
 * rebuilds its matching index from the database once the pass is complete, since the index (and
 * its snapshot) holds the features the reports had when it loaded.
 */
import { OnceModel } from '../meta/onceModel';
import { insertOnce } from '../../db/insertOnce';
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { scheduler } from '../../jobs/scheduler';
import { rebuildMatchIndex } from '../matching/liveIndex';
import { normalizeText } from '../matching/normalize';
import { matchSettings } from '../matching/settings';
import { matchTokens, TOKENIZER_VERSION } from '../matching/tokens';
import { ClaimModel } from './model';

/** Reports rewritten per write. */
const CHUNK = 500;

const markerOf = (version: number) => `claims-tokens-v${version}`;

export interface RetokenizeResult {
  scanned: number;
  rewritten: number;
}

/** Whether every report holds the current version's tokens (one read by `_id`). */
export async function tokensCurrent(version = TOKENIZER_VERSION): Promise<boolean> {
  return Boolean((await OnceModel.findById(markerOf(version)).lean())?.completedAt);
}

/**
 * One pass over the reports: rewrites the tokens of every report of another version, `chunk` at
 * a time, then marks the version complete. `onChunk` hears of each chunk written.
 */
export async function retokenizeReports(options: { chunk?: number; onChunk?: (done: RetokenizeResult) => void } = {}): Promise<RetokenizeResult> {
  const chunk = options.chunk ?? CHUNK;
  const { segmentation } = matchSettings();
  await insertOnce(OnceModel, { _id: markerOf(TOKENIZER_VERSION), startedAt: new Date() });
  const done: RetokenizeResult = { scanned: 0, rewritten: 0 };
  let writes: Parameters<typeof ClaimModel.bulkWrite>[0] = [];
  const flush = async () => {
    if (writes.length === 0) return;
    // The chunk is read as one cursor batch, but written a few statements per command: the local
    // engine stops answering an update command of more than about 45 statements.
    await bulkWriteInChunks(ClaimModel, writes, { sideBySide: true });
    done.rewritten += writes.length;
    writes = [];
    options.onChunk?.({ ...done });
  };
  const reports = ClaimModel.find({}, { text: 1, tokenizerVersion: 1 }).lean<Array<{ _id: unknown; text: string; tokenizerVersion?: number | null }>>();
  for await (const report of reports.cursor({ batchSize: chunk })) {
    done.scanned += 1;
    if (report.tokenizerVersion === TOKENIZER_VERSION) continue;
    const tokens = matchTokens(normalizeText(report.text), segmentation, report.text);
    writes.push({ updateOne: { filter: { _id: report._id }, update: { $set: { matchTokens: tokens, tokenizerVersion: TOKENIZER_VERSION } } } });
    if (writes.length >= chunk) await flush();
  }
  await flush();
  await OnceModel.updateOne({ _id: markerOf(TOKENIZER_VERSION) }, { $set: { completedAt: new Date() } });
  return done;
}

/**
 * At start: when the current version is not marked complete, runs the pass in the background
 * (after the server listens) and then rebuilds this process's matching index from the database.
 * Several processes may run it at once: they write the same tokens.
 */
export function startRetokenizing(log: (line: string) => void): void {
  scheduler.after('claims.retokenize', 0, async () => {
    if (await tokensCurrent()) return;
    const began = Date.now();
    const result = await retokenizeReports();
    log(`Matching tokens: ${result.rewritten} of ${result.scanned} reports re-tokenised (version ${TOKENIZER_VERSION}) in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await rebuildMatchIndex();
  });
}
