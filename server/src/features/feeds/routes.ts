import { Router, type Request, type Response } from 'express';
import { feedQuerySchema, type FeedQuery } from '@refute/shared';
import { asyncHandler } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { presentPublication } from '../publications/presenter';
import { feedPage } from '../publications/repository';
import { ATOM_PATH, ATOM_TYPE, atomFeed } from './atomFeed';
import { feedEntries } from './feedEntries';
import { cachedRepresentation, feedCacheKey } from './feedCache';
import { JSON_FEED_PATH, JSON_FEED_TYPE, jsonFeed } from './jsonFeed';
import { makeRepresentation, sendRepresentation, type Representation } from './representation';

/** Caches may keep a feed half a minute; a reader revalidates with If-None-Match after that. */
const FEED_CACHE_CONTROL = 'public, max-age=30';
const API_TYPE = 'application/json; charset=utf-8';

/** Parses the filters, and answers from the prepared response for them (made when missing). */
function feedHandler(kind: string, make: (query: FeedQuery, baseUrl: string) => Promise<Representation>) {
  return asyncHandler(async (req: Request, res: Response) => {
    const query = parseInput(feedQuerySchema, req.query, 'feed query');
    const baseUrl = baseUrlOf(req);
    const representation = await cachedRepresentation(feedCacheKey(kind, baseUrl, query), () => make(query, baseUrl));
    sendRepresentation(req, res, representation, FEED_CACHE_CONTROL);
  });
}

/** `GET /api/v1/feed`: public, read-only, cursor-paged JSON. */
export function feedApiRoutes(): Router {
  const router = Router();
  router.get(
    '/feed',
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
