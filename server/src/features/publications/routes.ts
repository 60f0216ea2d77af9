import { Router } from 'express';
import { idParamsSchema, retractPublicationSchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { notFound } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { retractPublication } from '../reviews/retraction';
import { presentPublication, retractionOf } from './presenter';
import { findPublicationWithRetraction } from './repository';

/**
 * Publications by id: anyone reads them (the feed itself is in features/feeds); a lead of the
 * reviewing organisation retracts the current one.
 */
export function feedRoutes(): Router {
  const router = Router();

  router.get(
    '/publications/:id',
    asyncHandler(async (req, res) => {
      const { id } = parseInput(idParamsSchema, req.params, 'publication id');
      const found = await findPublicationWithRetraction(id);
      if (!found) throw notFound('Publication');
      res.json(presentPublication(found.publication, baseUrlOf(req), found.retraction ? retractionOf(found.retraction) : null));
    }),
  );

  router.post(
    '/publications/:id/retract',
    requireUser('lead'),
    asyncHandler(async (req, res) => {
      const { id } = parseInput(idParamsSchema, req.params, 'publication id');
      const { reason } = parseInput(retractPublicationSchema, req.body);
      const retraction = await retractPublication(req.user!, id, reason);
      res.status(201).json(presentPublication(retraction, baseUrlOf(req)));
    }),
  );

  return router;
}
