import { Router } from 'express';
import { idParamsSchema, mentionableQuerySchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { setAccountDisabled } from './accounts';
import { findMentionable } from './directory';

export function userRoutes(): Router {
  const router = Router();
  const admin = requireUser('admin');
  const userId = (params: unknown) => parseInput(idParamsSchema, params, 'user id').id;

  router.get(
    '/mentionable',
    requireUser('reviewer', 'lead', 'admin'),
    asyncHandler(async (req, res) => {
      const { q } = parseInput(mentionableQuerySchema, req.query, 'query');
      res.json({ items: await findMentionable(q) });
    }),
  );

  router.post(
    '/:id/disable',
    admin,
    asyncHandler(async (req, res) => {
      res.json({ user: await setAccountDisabled(req.user!, userId(req.params), true) });
    }),
  );

  router.post(
    '/:id/enable',
    admin,
    asyncHandler(async (req, res) => {
      res.json({ user: await setAccountDisabled(req.user!, userId(req.params), false) });
    }),
  );

  return router;
}
