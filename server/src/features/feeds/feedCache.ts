/**
 * The feed's prepared responses, kept briefly per query. A publication made in this process
 * drops them at once; one made by another process is seen when they expire (FRESH_MS), which
 * is also about how long the cursor-less first page may lag behind there.
 */
import { domainEvents } from '../../realtime/domainEvents';
import type { Representation } from './representation';

const FRESH_MS = 2_000;
const MAX_ENTRIES = 500;

interface Entry {
  representation: Representation;
  madeAt: number;
}

const entries = new Map<string, Entry>();
const pending = new Map<string, Promise<Representation>>();
/** Bumped by every publication: a response read before it is not kept. */
let generation = 0;

domainEvents.on('publication.created', () => {
  generation += 1;
  entries.clear();
  pending.clear();
});

/**
 * The prepared response for `key`, made by `make` when there is none fresh. Concurrent
 * requests for the same key share one making.
 */
export function cachedRepresentation(key: string, make: () => Promise<Representation>): Promise<Representation> {
  const entry = entries.get(key);
  if (entry && Date.now() - entry.madeAt < FRESH_MS) return Promise.resolve(entry.representation);
  const inFlight = pending.get(key);
  if (inFlight) return inFlight;
  const startedIn = generation;
  const madeAt = Date.now();
  const making = make()
    .then((representation) => {
      if (startedIn === generation) remember(key, { representation, madeAt });
      return representation;
    })
    .finally(() => {
      if (pending.get(key) === making) pending.delete(key);
    });
  pending.set(key, making);
  return making;
}

function remember(key: string, entry: Entry): void {
  entries.delete(key);
  entries.set(key, entry);
  // Oldest first in a Map: drop what was made longest ago.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

/** A stable key for a parsed query: the same filters in any order name the same entry. */
export function feedCacheKey(kind: string, baseUrl: string, query: object): string {
  const fields = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind} ${baseUrl} ${JSON.stringify(fields)}`;
}
