/**
 * Responses prepared once and given many times, kept briefly: per content key
 * (`cachedRepresentation`: one feed query, one page in one language), and per exact request
 * (`preparedAnswer`, for the fast path, fastPath.ts) with the headers the app gave it, security
 * headers included. `clear()` drops them all (a feature calls it when what they show changes).
 * With `remakeInBackground`, a response in use is made again once half its time is gone, so
 * readers polling it never wait for the database.
 */
import type { Response } from 'express';
import { cachingHeaders, type RawHeaders, type Representation } from './representation';

export interface Entry {
  representation: Representation;
  madeAt: number;
  /** The generation (of `clear()`) it was made in. */
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
  /** The request headers the content depends on besides the encoding (`Accept-Encoding` is always named). */
  varyAlso?: string;
  /** `answerHeaders` of the response it was last asked for. */
  headersOf?: { representation: Representation; headers: RawHeaders };
}

export interface PreparedResponses {
  /** The prepared response for `key`, made by `make` when there is none fresh; concurrent requests share one making. */
  cachedRepresentation(key: string, make: () => Promise<Representation>): Promise<Entry>;
  /** Remembers the answer the app gave a request while its response is fresh. */
  rememberAnswer(requestKey: string, answer: PreparedAnswer): void;
  /** The answer given to this request before, while its response is fresh. */
  preparedAnswer(requestKey: string): PreparedAnswer | undefined;
  /** Forgets everything: a response made before this is not kept either. */
  clear(): void;
}

export interface PreparedResponsesOptions {
  freshMs: number;
  /** Distinct contents kept at once. */
  maxEntries: number;
  /** Distinct requests remembered at once; their answers share the entries' bodies. */
  maxAnswers: number;
  remakeInBackground: boolean;
}

/** Keeps at most `max` in a map, dropping what was put in longest ago (a Map keeps order). */
function put<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

export function createPreparedResponses(options: PreparedResponsesOptions): PreparedResponses {
  const { freshMs } = options;
  const entries = new Map<string, Entry>();
  const answers = new Map<string, PreparedAnswer>();
  const pending = new Map<string, Promise<Entry>>();
  /** Bumped by `clear()`: a response made before it is not kept. */
  let generation = 0;

  const isFresh = (entry: Entry, now = Date.now()) => entry.generation === generation && now - entry.madeAt < freshMs;

  /**
   * Makes a used entry again once half its time is gone. A failure leaves it to expire: the next
   * request then makes it itself, and its error reaches that request.
   */
  function remakeWhenHalfGone(entry: Entry, now = Date.now()): void {
    if (!options.remakeInBackground || entry.remaking || now - entry.madeAt < freshMs / 2) return;
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

  return {
    cachedRepresentation(key, make) {
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
          if (startedIn === generation) put(entries, key, made, options.maxEntries);
          return made;
        })
        .finally(() => {
          if (pending.get(key) === making) pending.delete(key);
        });
      pending.set(key, making);
      return making;
    },
    rememberAnswer(requestKey, answer) {
      if (isFresh(answer.entry)) put(answers, requestKey, answer, options.maxAnswers);
    },
    preparedAnswer(requestKey) {
      const answer = answers.get(requestKey);
      if (!answer) return undefined;
      const now = Date.now();
      if (!isFresh(answer.entry, now)) {
        answers.delete(requestKey);
        return undefined;
      }
      remakeWhenHalfGone(answer.entry, now);
      return answer;
    },
    clear() {
      generation += 1;
      entries.clear();
      answers.clear();
      pending.clear();
    },
  };
}

/** Every header of an answer but the body's own: the app's, then the validators of its current response. */
export function answerHeaders(answer: PreparedAnswer): RawHeaders {
  const { representation } = answer.entry;
  if (answer.headersOf?.representation !== representation) {
    answer.headersOf = { representation, headers: [...answer.appHeaders, ...cachingHeaders(representation, answer.cacheControl, answer.varyAlso)] };
  }
  return answer.headersOf.headers;
}

/** Headers set on the response so far (the app's, such as its security headers), as name/value pairs. */
export function headersSoFar(res: Response): RawHeaders {
  return Object.entries(res.getHeaders()).flatMap(([name, value]) =>
    value === undefined ? [] : Array.isArray(value) ? value.flatMap((one) => [name, one]) : [name, String(value)],
  );
}
