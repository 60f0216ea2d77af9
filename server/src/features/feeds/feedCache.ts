/**
 * The feed's prepared responses, kept briefly: per query (`cachedRepresentation`), and per exact
 * request (`preparedAnswer`, for the fast path) with the headers the app gave it. A publication
 * made in this process drops them at once; one made by another process is seen when they expire
 * (FRESH_MS), which is also about how long the first page may lag behind there.
 */
import { domainEvents } from '../../realtime/domainEvents';
import type { RawHeaders, Representation } from './representation';

const FRESH_MS = 2_000;
/** Responses of up to a few hundred KB each: a hundred distinct queries within FRESH_MS is plenty. */
const MAX_ENTRIES = 100;
/** Answers share their entries' bodies: several requests (hosts, spellings) may name one. */
const MAX_ANSWERS = 500;

interface Entry {
  representation: Representation;
  madeAt: number;
  /** The publications' generation it was read in. */
  generation: number;
}

/** A response the app gave to a request, to give again to the same request. */
export interface PreparedAnswer extends Entry {
  /** Every header but the body's own (type, length, encoding): the app's and the validators. */
  headers: RawHeaders;
}

const entries = new Map<string, Entry>();
const answers = new Map<string, PreparedAnswer>();
const pending = new Map<string, Promise<Entry>>();
/** Bumped by every publication: a response read before it is not kept. */
let generation = 0;

domainEvents.on('publication.created', () => {
  generation += 1;
  entries.clear();
  answers.clear();
  pending.clear();
});

const isFresh = (entry: Entry) => Date.now() - entry.madeAt < FRESH_MS;

/** Keeps at most `max` in a map, dropping what was put in longest ago (a Map keeps order). */
function put<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

/**
 * The prepared response for `key`, made by `make` when there is none fresh. Concurrent
 * requests for the same key share one making.
 */
export function cachedRepresentation(key: string, make: () => Promise<Representation>): Promise<Entry> {
  const entry = entries.get(key);
  if (entry && isFresh(entry)) return Promise.resolve(entry);
  const inFlight = pending.get(key);
  if (inFlight) return inFlight;
  const startedIn = generation;
  const madeAt = Date.now();
  const making = make()
    .then((representation) => {
      const made = { representation, madeAt, generation: startedIn };
      if (startedIn === generation) put(entries, key, made, MAX_ENTRIES);
      return made;
    })
    .finally(() => {
      if (pending.get(key) === making) pending.delete(key);
    });
  pending.set(key, making);
  return making;
}

/** Remembers the answer to a request while its representation is fresh. */
export function rememberAnswer(requestKey: string, answer: PreparedAnswer): void {
  if (isFresh(answer) && answer.generation === generation) put(answers, requestKey, answer, MAX_ANSWERS);
}

/** The answer given to this request before, while still fresh. */
export function preparedAnswer(requestKey: string): PreparedAnswer | undefined {
  const answer = answers.get(requestKey);
  if (answer && isFresh(answer)) return answer;
  if (answer) answers.delete(requestKey);
  return undefined;
}

/** A stable key for a parsed query: the same filters in any order name the same entry. */
export function feedCacheKey(kind: string, baseUrl: string, query: object): string {
  const fields = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind} ${baseUrl} ${JSON.stringify(fields)}`;
}
