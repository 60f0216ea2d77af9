/**
 * The feed's prepared responses (http/preparedResponses.ts): kept FRESH_MS per query and per
 * exact request, made again in the background while in use. A publication drops them all at
 * once, in this process and, through the index feed, in every other within a poll of it
 * (publications/changes.ts): a feed shows only publications, so its responses need not be made
 * again every moment while readers poll it (each making reads the database). FRESH_MS bounds
 * what a lost announcement could leave stale.
 */
import { createPreparedResponses } from '../../http/preparedResponses';
import { onPublicationsChanged } from '../publications/changes';

const FRESH_MS = 30_000;

export const feedResponses = createPreparedResponses({
  freshMs: FRESH_MS,
  // Responses of up to a few hundred KB each: a hundred distinct queries within FRESH_MS is plenty.
  maxEntries: 100,
  // Several requests (hosts, spellings) may name one response.
  maxAnswers: 500,
  remakeInBackground: true,
});

onPublicationsChanged(() => feedResponses.clear());

/**
 * The ranking feeds' responses: a ranking follows the reports, which change without a
 * publication, so they are kept only a moment, as the dashboard's rankings are.
 */
export const rankingResponses = createPreparedResponses({ freshMs: 2_000, maxEntries: 100, maxAnswers: 500, remakeInBackground: true });

onPublicationsChanged(() => rankingResponses.clear());

/** A stable key for a parsed query: the same filters in any order name the same entry. */
export function feedCacheKey(kind: string, baseUrl: string, query: object): string {
  const fields = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind} ${baseUrl} ${JSON.stringify(fields)}`;
}
