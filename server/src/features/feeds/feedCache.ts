/**
 * The feed's prepared responses, kept briefly: per query (`cachedRepresentation`), and per exact
 * request (`preparedAnswer`, for the fast path) with the headers the app gave it. A response in
 * use is made again in the background once half its time is gone, so readers polling a feed
 * never wait for the database. A publication made in this process drops them all at once; one
 * made by another process is seen within FRESH_MS, which is also how far the first page may lag.
 */
import { domainEvents } from '../../realtime/domainEvents';
import { cachingHeaders, type RawHeaders, type Representation } from './representation';

const FRESH_MS = 2_000;
/** Responses of up to a few hundred KB each: a hundred distinct queries within FRESH_MS is plenty. */
const MAX_ENTRIES = 100;
/** Answers share their entries' bodies: several requests (hosts, spellings) may name one. */
const MAX_ANSWERS = 500;

export interface Entry {
  representation: Representation;
  madeAt: number;
  /** The publications' generation it was read in. */
  generation: number;
  make: () => Promise<Representation>;
  remaking: boolean;
}

/** A response the app gave to a request, to give again to the same request. */
export interface PreparedAnswer {
  entry: Entry;
  /** The app's headers (security headers and such), without the validators or the body's own. */
  appHeaders: RawHeaders;
  cacheControl: string;
  /** `answerHeaders` of the response it was last asked for. */
  headersOf?: { representation: Representation; headers: RawHeaders };
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

const isFresh = (entry: Entry) => entry.generation === generation && Date.now() - entry.madeAt < FRESH_MS;

/** Keeps at most `max` in a map, dropping what was put in longest ago (a Map keeps order). */
function put<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

/**
 * Makes a used entry again once half its time is gone. A failure leaves it to expire: the next
 * request then makes it itself, and its error reaches that request.
 */
function remakeWhenHalfGone(entry: Entry): void {
  if (entry.remaking || Date.now() - entry.madeAt < FRESH_MS / 2) return;
  entry.remaking = true;
  const startedIn = generation;
  const madeAt = Date.now();
  entry
    .make()
    .then(
      (representation) => {
        if (startedIn !== generation) return;
        entry.representation = representation;
        entry.madeAt = madeAt;
      },
      () => undefined,
    )
    .finally(() => {
      entry.remaking = false;
    });
}

/**
 * The prepared response for `key`, made by `make` when there is none fresh. Concurrent
 * requests for the same key share one making.
 */
export function cachedRepresentation(key: string, make: () => Promise<Representation>): Promise<Entry> {
  const entry = entries.get(key);
  if (entry && isFresh(entry)) {
    remakeWhenHalfGone(entry);
    return Promise.resolve(entry);
  }
  const inFlight = pending.get(key);
  if (inFlight) return inFlight;
  const startedIn = generation;
  const madeAt = Date.now();
  const making = make()
    .then((representation) => {
      const made: Entry = { representation, madeAt, generation: startedIn, make, remaking: false };
      if (startedIn === generation) put(entries, key, made, MAX_ENTRIES);
      return made;
    })
    .finally(() => {
      if (pending.get(key) === making) pending.delete(key);
    });
  pending.set(key, making);
  return making;
}

/** Remembers the answer the app gave a request while its response is fresh. */
export function rememberAnswer(requestKey: string, answer: PreparedAnswer): void {
  if (isFresh(answer.entry)) put(answers, requestKey, answer, MAX_ANSWERS);
}

/** The answer given to this request before, while its response is fresh. */
export function preparedAnswer(requestKey: string): PreparedAnswer | undefined {
  const answer = answers.get(requestKey);
  if (!answer) return undefined;
  if (!isFresh(answer.entry)) {
    answers.delete(requestKey);
    return undefined;
  }
  remakeWhenHalfGone(answer.entry);
  return answer;
}

/** Every header of an answer but the body's own: the app's, then the validators of its current response. */
export function answerHeaders(answer: PreparedAnswer): RawHeaders {
  const { representation } = answer.entry;
  if (answer.headersOf?.representation !== representation) {
    answer.headersOf = { representation, headers: [...answer.appHeaders, ...cachingHeaders(representation, answer.cacheControl)] };
  }
  return answer.headersOf.headers;
}

/** A stable key for a parsed query: the same filters in any order name the same entry. */
export function feedCacheKey(kind: string, baseUrl: string, query: object): string {
  const fields = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind} ${baseUrl} ${JSON.stringify(fields)}`;
}
