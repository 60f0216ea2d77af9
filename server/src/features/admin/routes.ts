/** `/api/v1/admin`: accounts, organisations and settings, for admins only. */
import { Router } from 'express';
import {
  idParamsSchema,
  organisationCreateSchema,
  organisationUpdateSchema,
  settingsUpdateSchema,
  userCreateSchema,
  userUpdateSchema,
} from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { createOrganisation, listOrganisations, updateOrganisation } from '../organisations/admin';
import { currentSettings, updateSettings } from '../settings/service';
import { createAccount, listAccounts, updateAccount } from '../users/admin';

export function adminRoutes(): Router {
  const router = Router();
  router.use(requireUser('admin'));
  const id = (params: unknown) => parseInput(idParamsSchema, params, 'id').id;

  router.get('/users', asyncHandler(async (_req, res) => void res.json({ items: await listAccounts() })));
  router.post(
    '/users',
    asyncHandler(async (req, res) => {
      res.status(201).json(await createAccount(req.user!, parseInput(userCreateSchema, req.body)));
    }),
  );
  router.patch(
    '/users/:id',
    asyncHandler(async (req, res) => {
      res.json({ user: await updateAccount(req.user!, id(req.params), parseInput(userUpdateSchema, req.body)) });
    }),
  );

  router.get('/organisations', asyncHandler(async (_req, res) => void res.json({ items: await listOrganisations() })));
  router.post(
    '/organisations',
    asyncHandler(async (req, res) => {
      res.status(201).json({ organisation: await createOrganisation(req.user!, parseInput(organisationCreateSchema, req.body)) });
    }),
  );
  router.patch(
    '/organisations/:id',
    asyncHandler(async (req, res) => {
      res.json({ organisation: await updateOrganisation(req.user!, id(req.params), parseInput(organisationUpdateSchema, req.body)) });
    }),
  );

  router.get('/settings', asyncHandler(async (_req, res) => void res.json(await currentSettings())));
  router.put(
    '/settings',
    asyncHandler(async (req, res) => {
      res.json(await updateSettings(req.user!, parseInput(settingsUpdateSchema, req.body)));
    }),
  );
  return router;
}
