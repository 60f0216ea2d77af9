/**
 * The feed's prepared responses (http/preparedResponses.ts): kept FRESH_MS per query and per
 * exact request, made again in the background while in use. A publication made in this process
 * drops them all at once; one made by another process is seen within FRESH_MS, which is also how
 * far the first page may lag.
 */
import { createPreparedResponses } from '../../http/preparedResponses';
import { domainEvents } from '../../realtime/domainEvents';

const FRESH_MS = 2_000;

export const feedResponses = createPreparedResponses({
  freshMs: FRESH_MS,
  // Responses of up to a few hundred KB each: a hundred distinct queries within FRESH_MS is plenty.
  maxEntries: 100,
  // Several requests (hosts, spellings) may name one response.
  maxAnswers: 500,
  remakeInBackground: true,
});

domainEvents.on('publication.created', () => feedResponses.clear());

/** A stable key for a parsed query: the same filters in any order name the same entry. */
export function feedCacheKey(kind: string, baseUrl: string, query: object): string {
  const fields = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind} ${baseUrl} ${JSON.stringify(fields)}`;
}
