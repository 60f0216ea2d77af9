import { Router, type Request } from 'express';
import { apiKeyCreateSchema, apiKeyRotateSchema, idParamsSchema, orgQuerySchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import type { Actor } from '../audit/service';
import { organisationAdministered } from '../organisations/adminScope';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from './service';

/**
 * `/api/v1/api-keys`: an organisation's keys, managed by its admins (a platform's admin for that
 * platform; a Refute admin for any organisation named with `?org=`).
 */
export function apiKeyRoutes(): Router {
  const router = Router();
  router.use(requireUser('admin'));
  const orgOf = async (req: Request) => organisationAdministered(req.user!, parseInput(orgQuerySchema, req.query, 'query').org);
  const actorOf = (req: Request): Actor => ({ kind: 'user', id: req.user!.id, orgId: req.user!.orgId });

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      res.json({ items: await listApiKeys(await orgOf(req)) });
    }),
  );

  router.post(
    '/',
    asyncHandler(async (req, res) => {
      const orgId = await orgOf(req);
      const input = parseInput(apiKeyCreateSchema, req.body);
      res.status(201).json(await createApiKey(orgId, actorOf(req), input));
    }),
  );

  router.post(
    '/:id/rotate',
    asyncHandler(async (req, res) => {
      const orgId = await orgOf(req);
      const { id } = parseInput(idParamsSchema, req.params, 'API key id');
      const input = parseInput(apiKeyRotateSchema, req.body);
      res.status(201).json(await rotateApiKey(orgId, actorOf(req), id, input));
    }),
  );

  router.post(
    '/:id/revoke',
    asyncHandler(async (req, res) => {
      const orgId = await orgOf(req);
      const { id } = parseInput(idParamsSchema, req.params, 'API key id');
      res.json(await revokeApiKey(orgId, actorOf(req), id));
    }),
  );

  return router;
}
