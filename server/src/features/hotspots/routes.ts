import { Router } from 'express';
import { hotspotListQuerySchema, type HotspotList } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { hotspotsSince, presentHotspot } from './record';

/** Recent hotspots of cases and topics, for leads and admins (dashboards, the queue's banner). */
export function hotspotRoutes(): Router {
  const router = Router();
  router.get(
    '/',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const { hours } = parseInput(hotspotListQuerySchema, req.query, 'hotspot query');
      const body: HotspotList = { items: (await hotspotsSince(new Date(Date.now() - hours * 3_600_000))).map(presentHotspot) };
      res.json(body);
    }),
  );
  return router;
}
