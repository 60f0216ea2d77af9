import { Router, type Request, type Response } from 'express';
import { feedQuerySchema, type FeedQuery } from '@refute/shared';
import { apiKeyIfPresented, asyncHandler } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { presentPublication } from '../publications/presenter';
import { feedPage } from '../publications/repository';
import { ATOM_PATH, ATOM_TYPE, atomFeed } from './atomFeed';
import { feedEntries } from './feedEntries';
import { answerHeaders, headersSoFar } from '../../http/preparedResponses';
import { answerFor, makeRepresentation, sendAnswer, type Representation } from '../../http/representation';
import { feedCacheKey, feedResponses } from './feedCache';
import { feedRequestKey } from './fastPath';
import { JSON_FEED_PATH, JSON_FEED_TYPE, jsonFeed } from './jsonFeed';

/** Caches may keep a feed half a minute; a reader revalidates with If-None-Match after that. */
const FEED_CACHE_CONTROL = 'public, max-age=30';
const API_TYPE = 'application/json; charset=utf-8';

/**
 * Parses the filters and answers from the prepared response for them (made when missing),
 * which the fast path then gives to the same request again while it is fresh.
 */
function feedHandler(kind: string, make: (query: FeedQuery, baseUrl: string) => Promise<Representation>) {
  return asyncHandler(async (req: Request, res: Response) => {
    const query = parseInput(feedQuerySchema, req.query, 'feed query');
    const baseUrl = baseUrlOf(req);
    const entry = await feedResponses.cachedRepresentation(feedCacheKey(kind, baseUrl, query), () => make(query, baseUrl));
    const prepared = { entry, appHeaders: headersSoFar(res), cacheControl: FEED_CACHE_CONTROL };
    const representation = entry.representation;
    sendAnswer(res, await answerFor(req.headers, representation, answerHeaders(prepared)));
    // An answer to a key carries its limit's headers and passed its scope check: never replayed to others.
    if (req.method === 'GET' && req.get('authorization') === undefined) feedResponses.rememberAnswer(feedRequestKey(req.originalUrl, req, req.app.locals.publicUrl as string | undefined), prepared);
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
    feedHandler('api', async (query, baseUrl) => {
      const page = await feedPage(query);
      const body = { items: page.items.map((item) => presentPublication(item, baseUrl)), nextCursor: page.nextCursor };
      return makeRepresentation(JSON.stringify(body), API_TYPE);
    }),
  );
  return router;
}

/** `GET /feed.atom` and `GET /feed.json`: the same feed for feed readers, public. */
export function feedDocumentRoutes(): Router {
  const router = Router();
  router.get(
    ATOM_PATH,
    feedHandler('atom', async (query, baseUrl) => makeRepresentation(atomFeed(await feedEntries(query, baseUrl), query, baseUrl), ATOM_TYPE)),
  );
  router.get(
    JSON_FEED_PATH,
    feedHandler('json', async (query, baseUrl) => makeRepresentation(jsonFeed(await feedEntries(query, baseUrl), query, baseUrl), JSON_FEED_TYPE)),
  );
  return router;
}
