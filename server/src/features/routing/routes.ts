import { Router } from 'express';
import { idParamsSchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { caseDetail } from '../cases/detail';
import { caseCandidates } from './candidates';
import { acceptOffer, declineOffer, openOffersOf } from './offers';
import { acknowledgePage, openPagesOf } from './pages';

/** A case's ranked candidates (leads and admins), an expert's answers to offers and to on-call pages. */
export function caseRoutingRoutes(): Router {
  const router = Router();
  const caseId = (params: unknown) => parseInput(idParamsSchema, params, 'case id').id;

  router.get(
    '/:id/candidates',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      res.json(await caseCandidates(caseId(req.params)));
    }),
  );

  router.post(
    '/:id/offer/accept',
    requireUser('reviewer'),
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await acceptOffer(req.user!, id);
      res.json(await caseDetail(id));
    }),
  );

  router.post(
    '/:id/offer/decline',
    requireUser('reviewer'),
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await declineOffer(req.user!, id);
      res.json({ declined: true });
    }),
  );

  router.post(
    '/:id/acknowledge',
    requireUser('reviewer'),
    asyncHandler(async (req, res) => {
      res.json(await acknowledgePage(req.user!, caseId(req.params)));
    }),
  );

  return router;
}

/** The signed-in expert's open offers. */
export function offerRoutes(): Router {
  const router = Router();
  router.get(
    '/',
    requireUser('reviewer'),
    asyncHandler(async (req, res) => {
      res.json({ items: await openOffersOf(req.user!.id) });
    }),
  );
  return router;
}

/** The signed-in expert's on-call pages waiting for their acknowledgement. */
export function pageRoutes(): Router {
  const router = Router();
  router.get(
    '/',
    requireUser('reviewer'),
    asyncHandler(async (req, res) => {
      res.json({ items: await openPagesOf(req.user!.id) });
    }),
  );
  return router;
}
