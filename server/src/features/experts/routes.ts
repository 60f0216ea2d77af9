import { Router } from 'express';
import { expertAvailabilitySchema, expertDirectAssignmentSchema, expertImportSchema, expertListQuerySchema, expertParamsSchema, expertProfileSchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { importExperts } from './csvImport';
import { expertProfile, listExperts, saveProfileOf, setOwnAvailability, setOwnDirectAssignment } from './service';

/** The expert pool: leads and admins manage it; an expert sees their profile, sets their leave and opts in to direct assignment. */
export function expertRoutes(): Router {
  const router = Router();
  const managers = requireUser('lead', 'admin');
  const reviewer = requireUser('reviewer');

  router.get(
    '/',
    managers,
    asyncHandler(async (req, res) => {
      res.json(await listExperts(parseInput(expertListQuerySchema, req.query, 'expert query')));
    }),
  );

  router.get(
    '/me',
    reviewer,
    asyncHandler(async (req, res) => {
      res.json({ expert: await expertProfile(req.user!.id) });
    }),
  );

  router.put(
    '/me/availability',
    reviewer,
    asyncHandler(async (req, res) => {
      const { leave } = parseInput(expertAvailabilitySchema, req.body);
      res.json({ expert: await setOwnAvailability(req.user!, leave) });
    }),
  );

  router.put(
    '/me/direct-assignment',
    reviewer,
    asyncHandler(async (req, res) => {
      const { directAssignment } = parseInput(expertDirectAssignmentSchema, req.body);
      res.json({ expert: await setOwnDirectAssignment(req.user!, directAssignment) });
    }),
  );

  router.post(
    '/import',
    managers,
    asyncHandler(async (req, res) => {
      const { csv } = parseInput(expertImportSchema, req.body);
      res.json(await importExperts(req.user!, csv));
    }),
  );

  router.get(
    '/:userId',
    managers,
    asyncHandler(async (req, res) => {
      const { userId } = parseInput(expertParamsSchema, req.params, 'user id');
      res.json({ expert: await expertProfile(userId) });
    }),
  );

  router.put(
    '/:userId',
    managers,
    asyncHandler(async (req, res) => {
      const { userId } = parseInput(expertParamsSchema, req.params, 'user id');
      const input = parseInput(expertProfileSchema, req.body);
      res.json({ expert: await saveProfileOf(req.user!, userId, input) });
    }),
  );

  return router;
}
