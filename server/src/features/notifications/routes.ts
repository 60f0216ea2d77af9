import { Router } from 'express';
import { idParamsSchema, notificationPreferencesSchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { changeNotificationPreferences, listNotifications, markNotificationRead, notificationPreferences } from './service';

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

  router.get(
    '/preferences',
    signedIn,
    asyncHandler(async (req, res) => {
      res.json(await notificationPreferences(req.user!.id));
    }),
  );

  router.put(
    '/preferences',
    signedIn,
    asyncHandler(async (req, res) => {
      const preferences = parseInput(notificationPreferencesSchema, req.body);
      res.json(await changeNotificationPreferences(req.user!.id, preferences));
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
