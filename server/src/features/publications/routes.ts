import { Router } from 'express';
import { idParamsSchema } from '@refute/shared';
import { asyncHandler } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { notFound } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { presentPublication } from './presenter';
import { findPublication } from './repository';

/** Publications by id: public, read-only (the feed itself is in features/feeds). */
export function feedRoutes(): Router {
  const router = Router();

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
