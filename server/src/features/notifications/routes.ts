import { Router } from 'express';
import { idParamsSchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { listNotifications, markNotificationRead } from './service';

/** The signed-in user's own notifications; nobody sees another's. */
export function notificationRoutes(): Router {
  const router = Router();
  const signedIn = requireUser();

  router.get(
    '/',
    signedIn,
    asyncHandler(async (req, res) => {
      res.json(await listNotifications(req.user!.id));
    }),
  );

  router.post(
    '/:id/read',
    signedIn,
    asyncHandler(async (req, res) => {
      const { id } = parseInput(idParamsSchema, req.params, 'notification id');
      res.json({ notification: await markNotificationRead(req.user!.id, id) });
    }),
  );

  return router;
}
