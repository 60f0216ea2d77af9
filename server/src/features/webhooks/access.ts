/**
 * Who manages an organisation's webhooks: an API key with `webhooks:manage` (its own
 * organisation), or a signed-in admin — a platform's admin for that platform, a Refute admin
 * (of a review organisation) for any organisation named with `?org=`.
 */
import type { Request, RequestHandler, Response } from 'express';
import { orgQuerySchema } from '@refute/shared';
import { asyncHandler, requireApiKey, requireUser } from '../../http/auth';
import { forbidden } from '../../http/errors';
import { parseInput } from '../../http/validate';
import type { Actor } from '../audit/service';
import { organisationAdministered } from '../organisations/adminScope';
import type { OrgScope } from './repository';

declare module 'express-serve-static-core' {
  interface Request {
    webhookScope?: OrgScope & { actor: Actor };
  }
}

const byApiKey = requireApiKey('webhooks:manage');
const byAdmin = requireUser('admin');

/** Runs one of the shared auth middlewares and settles with its outcome. */
function passes(handler: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    // The auth middlewares fail only with AppErrors.
    void handler(req, res, (error?: unknown) => (error instanceof Error ? reject(error) : resolve()));
  });
}

export function requireWebhookManager(): RequestHandler {
  return asyncHandler(async (req, res, next) => {
    const { org } = parseInput(orgQuerySchema, req.query, 'query');
    if (req.get('authorization')) {
      await passes(byApiKey, req, res);
      const key = req.apiKey!;
      if (org && org !== String(key.orgId)) throw forbidden('other_organisation', "An API key manages only its own organisation's webhooks");
      req.webhookScope = { orgId: key.orgId, actor: { kind: 'api_key', id: key.id, orgId: key.orgId } };
      next();
      return;
    }
    await passes(byAdmin, req, res);
    req.webhookScope = { orgId: await organisationAdministered(req.user!, org), actor: { kind: 'user', id: req.user!.id, orgId: req.user!.orgId } };
    next();
  });
}
