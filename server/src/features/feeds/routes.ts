import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { feedQuerySchema, rankingFeedQuerySchema, type RankingFeedQuery } from '@refute/shared';
import { apiKeyIfPresented, asyncHandler } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { badRequest } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { recentRankings, type RankedMonth } from '../insights/recentRankings';
import { presentPublication } from '../publications/presenter';
import { feedPage } from '../publications/repository';
import { isKnownRegion } from '../regions/regions';
import { ATOM_PATH, ATOM_TYPE, atomFeed } from './atomFeed';
import { feedEntries } from './feedEntries';
import { answerHeaders, headersSoFar, type PreparedResponses } from '../../http/preparedResponses';
import { answerFor, makeRepresentation, sendAnswer, type Representation } from '../../http/representation';
import { feedCacheKey, feedResponses, rankingResponses } from './feedCache';
import { feedRequestKey } from './fastPath';
import { JSON_FEED_PATH, JSON_FEED_TYPE, jsonFeed } from './jsonFeed';
import { RANKING_ATOM_PATH, RANKING_JSON_PATH, rankingAtom, rankingJson } from './rankingFeeds';

/** Caches may keep a feed half a minute; a reader revalidates with If-None-Match after that. */
const FEED_CACHE_CONTROL = 'public, max-age=30';
const API_TYPE = 'application/json; charset=utf-8';

/**
 * Parses the filters and answers from the prepared response for them (made when missing),
 * which the fast path then gives to the same request again while it is fresh.
 */
function feedHandler<Query extends object>(
  kind: string,
  schema: z.ZodType<Query>,
  make: (query: Query, baseUrl: string) => Promise<Representation>,
  responses: PreparedResponses = feedResponses,
) {
  return asyncHandler(async (req: Request, res: Response) => {
    const query = parseInput(schema, req.query, 'feed query');
    const baseUrl = baseUrlOf(req);
    const entry = await responses.cachedRepresentation(feedCacheKey(kind, baseUrl, query), () => make(query, baseUrl));
    const prepared = { entry, appHeaders: headersSoFar(res), cacheControl: FEED_CACHE_CONTROL };
    const representation = entry.representation;
    sendAnswer(res, await answerFor(req.headers, representation, answerHeaders(prepared)));
    // An answer to a key carries its limit's headers and passed its scope check: never replayed to others.
    if (req.method === 'GET' && req.get('authorization') === undefined) responses.rememberAnswer(feedRequestKey(req.originalUrl, req, req.app.locals.publicUrl as string | undefined), prepared);
  });
}

/**
 * `GET /api/v1/feed`: public, read-only, cursor-paged JSON. A platform that sends its key is
 * served as that key: it needs `feed:read`, and the request counts against the key's limit.
 */
export function feedApiRoutes(): Router {
  const router = Router();
  router.get(
    '/feed',
    apiKeyIfPresented('feed:read'),
    feedHandler('api', feedQuerySchema, async (query, baseUrl) => {
      const page = await feedPage(query);
      const body = { items: page.items.map((item) => presentPublication(item, baseUrl)), nextCursor: page.nextCursor };
      return makeRepresentation(JSON.stringify(body), API_TYPE);
    }),
  );
  return router;
}

/**
 * `GET /feed.atom` and `GET /feed.json`: the same feed for feed readers, public; `GET /ranking.atom`
 * and `GET /ranking.json`: the monthly rankings (辟谣榜) of published verdicts, public like them.
 */
export function feedDocumentRoutes(): Router {
  const router = Router();
  router.get(
    ATOM_PATH,
    feedHandler('atom', feedQuerySchema, async (query, baseUrl) => makeRepresentation(atomFeed(await feedEntries(query, baseUrl), query, baseUrl), ATOM_TYPE)),
  );
  router.get(
    JSON_FEED_PATH,
    feedHandler('json', feedQuerySchema, async (query, baseUrl) => makeRepresentation(jsonFeed(await feedEntries(query, baseUrl), query, baseUrl), JSON_FEED_TYPE)),
  );
  router.get(
    RANKING_ATOM_PATH,
    feedHandler('ranking-atom', rankingFeedQuerySchema, async (query, baseUrl) => makeRepresentation(rankingAtom(await rankedMonths(query, baseUrl), query, baseUrl), ATOM_TYPE), rankingResponses),
  );
  router.get(
    RANKING_JSON_PATH,
    feedHandler('ranking-json', rankingFeedQuerySchema, async (query, baseUrl) => makeRepresentation(rankingJson(await rankedMonths(query, baseUrl), query, baseUrl), JSON_FEED_TYPE), rankingResponses),
  );
  return router;
}

/** The months of a ranking feed; a region code that names no region is refused, not answered empty. */
function rankedMonths(query: RankingFeedQuery, baseUrl: string): Promise<RankedMonth[]> {
  if (query.region && !isKnownRegion(query.region)) throw badRequest('unknown_region', 'No region has that code');
  return recentRankings({ region: query.region, topic: query.topic }, { baseUrl });
}
