/** `/api/v1/organisations`: the review organisations, for leads choosing a case's units and for admins. */
import { Router } from 'express';
import { asyncHandler, requireUser } from '../../http/auth';
import { listOrganisations } from './admin';

export function organisationRoutes(): Router {
  const router = Router();
  router.get(
    '/',
    requireUser('lead', 'admin'),
    asyncHandler(async (_req, res) => {
      res.json({ items: (await listOrganisations()).filter((org) => org.kind === 'review') });
    }),
  );
  return router;
}
