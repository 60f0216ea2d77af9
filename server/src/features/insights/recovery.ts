/**
 * Recovery of a dead process's rollup writer: what it had counted and not written (queued, or in
 * the middle of a flush when it was killed) is counted again from the records, exactly once.
 *
 * The records it was to count carry its id (`countedBy`, countedBy.ts); those created since its
 * lease's `since` are its candidates (older ones are written, writerLease.ts). Its journal says in
 * which flush each event was first written (writer.ts), and each of its documents, or the settled
 * document compaction merged it into (`seqs`), up to which flush it holds its events. So an
 * increment of an event is missing exactly where no document of the writer for that period, scope
 * and topic carries that flush or a later one, and only those are written, as documents of the
 * writer's recovery (`<writer>~r`) which count as holding every event of it. Inserted under their
 * unique key, so a recovery run twice, or by two processes at once, writes each once, and a
 * second recovery finds nothing missing. Then the writer's lease and journal are deleted.
 */
import { Types } from 'mongoose';
import { insertEachOnceWhich } from '../../db/insertOnce';
import { CaseModel } from '../cases/model';
import { CaseTransitionModel } from '../cases/transitionModel';
import { ClaimModel } from '../claims/model';
import { regionChain } from '../regions/regions';
import { openedFact } from './caseFacts';
import { currentCountedBy } from './countedBy';
import { eventName, readCases, reportFact, transitionFacts } from './eventFacts';
import { incrementsOf, type Increment, type RollupKey } from './facts';
import { InsightCompactionModel, InsightFlushModel, InsightRollupModel, InsightWriterModel } from './model';
import { addCounters, type Counters } from './settled';
import { countersOfIncrement, packedDocumentOf } from './writer';
import { isDead, type WriterState } from './writerLease';

/** The `seq` of a recovery's documents: they hold every event of their writer. */
export const RECOVERED_SEQ = Number.MAX_SAFE_INTEGER;
export const recoveryWriterOf = (writer: string): string => `${writer}~r`;
/** The writer itself, its documents of closed periods (`~<flush>`) and its recovery (`~r`). */
const isOfWriter = (name: string, writer: string): boolean => name === writer || name.startsWith(`${writer}~`);
const idOf = (key: { period: string; scope: string; topic: string }) => `${key.period}|${key.scope}|${key.topic}`;
const READS_AT_ONCE = 10;
const INSERTS_PER_COMMAND = 500;

export interface RecoveryResult {
  writer: string;
  /** The writer's events found among the records, and how many increments were missing. */
  events: number;
  missing: number;
  documents: number;
}

/** Recovers every dead writer but `self` (this process's own). */
export async function recoverDeadWriters(options: { self?: string | null; now?: number } = {}): Promise<RecoveryResult[]> {
  const now = options.now ?? Date.now();
  const states = await InsightWriterModel.find({}).lean<WriterState[]>();
  const results: RecoveryResult[] = [];
  for (const state of states) {
    if (state._id !== options.self && isDead(state, now)) results.push(await recoverWriter(state));
  }
  return results;
}

/**
 * Forgets the dead writers without recovering them: the rebuild counts their records. Live
 * writers are left (a rebuild while processes count is not exact anyway: see rebuild.ts).
 */
export async function forgetDeadWriters(): Promise<void> {
  const now = Date.now();
  const states = await InsightWriterModel.find({}).lean<WriterState[]>();
  for (const state of states) {
    if (state._id === currentCountedBy() || !isDead(state, now)) continue;
    await InsightWriterModel.deleteOne({ _id: state._id });
    await InsightFlushModel.deleteMany({ writer: state._id });
  }
}

export async function recoverWriter(state: WriterState): Promise<RecoveryResult> {
  const writer = state._id;
  const flushOf = new Map<string, number>();
  for (const entry of await InsightFlushModel.find({ writer }, { seq: 1, events: 1 }).lean<Array<{ seq: number; events: string[] }>>()) {
    // An event journalled twice (a journal insert whose answer was lost) was first written with the first.
    for (const event of entry.events) flushOf.set(event, Math.min(flushOf.get(event) ?? Infinity, entry.seq));
  }
  // Read after the journal: a recovery that completed meanwhile deleted the lease first, the journal after.
  if (!(await InsightWriterModel.exists({ _id: writer }))) return { writer, events: 0, missing: 0, documents: 0 };

  const events = await eventsOf(writer, state.since);
  const coverage = await coverageOf(writer, [...new Set(events.flatMap((event) => event.increments.map((increment) => increment.key.read)))]);
  const missing = new Map<string, { key: RollupKey; counters: Counters }>();
  let missingCount = 0;
  for (const event of events) {
    // Not journalled: written by no flush of the writer, held by its recovery's documents alone.
    const flush = flushOf.get(event.name) ?? RECOVERED_SEQ;
    for (const increment of event.increments) {
      const id = idOf(increment.key);
      if ((coverage.get(id) ?? -1) >= flush) continue;
      missingCount += 1;
      const entry = missing.get(id) ?? { key: increment.key, counters: {} };
      addCounters(entry.counters, countersOfIncrement(increment.inc));
      missing.set(id, entry);
    }
  }
  const docs = [...missing.values()].map(({ key, counters }) => ({ ...packedDocumentOf(key, recoveryWriterOf(writer), counters), seq: RECOVERED_SEQ }));
  // A duplicate is this recovery's document written by an earlier or concurrent run.
  for (let from = 0; from < docs.length; from += INSERTS_PER_COMMAND) await insertEachOnceWhich(InsightRollupModel, docs.slice(from, from + INSERTS_PER_COMMAND));
  // A settled period given a document is compacted again.
  if (docs.length > 0) await InsightCompactionModel.deleteMany({ _id: { $in: [...new Set([...missing.values()].map(({ key }) => key.period))] } });
  await InsightWriterModel.deleteOne({ _id: writer });
  await InsightFlushModel.deleteMany({ writer });
  return { writer, events: events.length, missing: missingCount, documents: docs.length };
}

/** The writer's events among the records created since `since`, each with its increments as live updates file them. */
async function eventsOf(writer: string, since: Date): Promise<Array<{ name: string; increments: Increment[] }>> {
  const marked = { countedBy: writer, _id: { $gte: Types.ObjectId.createFromTime(Math.floor(since.getTime() / 1000)) } };
  type Claim = { _id: Types.ObjectId; caseId: Types.ObjectId | null; orgId: Types.ObjectId; region?: string | null; language: 'zh' | 'en'; receivedAt: Date };
  const [claims, opened, steps] = await Promise.all([
    ClaimModel.find(marked, { caseId: 1, orgId: 1, region: 1, language: 1, receivedAt: 1 }).lean<Claim[]>(),
    CaseModel.find(marked, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>(),
    CaseTransitionModel.find(marked, { caseId: 1, seq: 1 }).lean<Array<{ caseId: Types.ObjectId; seq: number }>>(),
  ]);
  const cases = await readCases([...claims.flatMap((claim) => (claim.caseId ? [String(claim.caseId)] : [])), ...opened.map((record) => String(record._id)), ...steps.map((step) => String(step.caseId))]);
  const events: Array<{ name: string; increments: Increment[] }> = [];
  for (const claim of claims) {
    const record = claim.caseId ? cases.get(String(claim.caseId)) : undefined;
    if (!record) continue;
    const fact = reportFact({ caseId: String(claim.caseId), orgId: String(claim.orgId), receivedAt: claim.receivedAt, region: claim.region ?? null, language: claim.language }, record);
    events.push({ name: eventName.report(String(claim._id)), increments: incrementsOf(fact, regionChain) });
  }
  for (const { _id } of opened) {
    const record = cases.get(String(_id));
    if (record) events.push({ name: eventName.opened(String(_id)), increments: incrementsOf(openedFact(record), regionChain) });
  }
  const { facts } = await transitionFacts(
    steps.map((step) => ({ caseId: String(step.caseId), seq: step.seq, rounds: 0 })),
    cases,
    0,
  );
  for (const { event, facts: own } of facts) {
    events.push({ name: eventName.transition(event.caseId, event.seq), increments: own.flatMap((fact) => incrementsOf(fact, regionChain)) });
  }
  return events;
}

/** Per period, scope and topic: up to which flush the writer's documents (or the settled documents that merged them) hold its events. */
async function coverageOf(writer: string, reads: readonly string[]): Promise<Map<string, number>> {
  const coverage = new Map<string, number>();
  const hold = (id: string, seq: number) => coverage.set(id, Math.max(coverage.get(id) ?? -1, seq));
  type Doc = { period: string; scope: string; topic: string; writer: string; seq?: number; seqs?: Array<{ writer: string; seq: number }> };
  for (let from = 0; from < reads.length; from += READS_AT_ONCE) {
    // One equality on `read` each: the index the dashboard reads by.
    const found = await Promise.all(reads.slice(from, from + READS_AT_ONCE).map((read) => InsightRollupModel.find({ read }, { period: 1, scope: 1, topic: 1, writer: 1, seq: 1, seqs: 1 }).lean<Doc[]>()));
    for (const doc of found.flat()) {
      if (typeof doc.seq === 'number' && isOfWriter(doc.writer, writer)) hold(idOf(doc), doc.seq);
      for (const merged of doc.seqs ?? []) if (isOfWriter(merged.writer, writer)) hold(idOf(doc), merged.seq);
    }
  }
  return coverage;
}
