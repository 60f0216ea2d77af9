import { Router } from 'express';
import { feedQuerySchema, idParamsSchema } from '@refute/shared';
import { asyncHandler } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { notFound } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { presentPublication } from './presenter';
import { feedPage, findPublication } from './repository';

/** The published feed and publications: public, read-only. */
export function feedRoutes(): Router {
  const router = Router();

  router.get(
    '/feed',
    asyncHandler(async (req, res) => {
      const query = parseInput(feedQuerySchema, req.query, 'feed query');
      const page = await feedPage(query);
      const baseUrl = baseUrlOf(req);
      // express answers If-None-Match with 304 from the ETag it computes for this body.
      res.json({ items: page.items.map((item) => presentPublication(item, baseUrl)), nextCursor: page.nextCursor });
    }),
  );

  router.get(
    '/publications/:id',
    asyncHandler(async (req, res) => {
      const { id } = parseInput(idParamsSchema, req.params, 'publication id');
      const publication = await findPublication(id);
      if (!publication) throw notFound('Publication');
      res.json(presentPublication(publication, baseUrlOf(req)));
    }),
  );

  return router;
}
