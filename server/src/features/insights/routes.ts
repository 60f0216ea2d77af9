import { Router } from 'express';
import { insightsQuerySchema, insightsRankingQuerySchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { monthlyRanking } from './monthlyRanking';
import { insightsSummary } from './summary';

/** The insight dashboard's figures, for leads and admins of review organisations. */
export function insightRoutes(): Router {
  const router = Router();
  router.get(
    '/summary',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsQuerySchema, req.query, 'insights query');
      res.json(await insightsSummary(req.user!, query, { baseUrl: baseUrlOf(req) }));
    }),
  );
  router.get(
    '/ranking',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsRankingQuerySchema, req.query, 'ranking query');
      res.json(await monthlyRanking(req.user!, query, { baseUrl: baseUrlOf(req) }));
    }),
  );
  return router;
}
