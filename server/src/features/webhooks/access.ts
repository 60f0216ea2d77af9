/**
 * Who manages an organisation's webhooks: an API key with `webhooks:manage` (its own
 * organisation), or a signed-in admin — a platform's admin for that platform, a Refute admin
 * (of a review organisation) for any organisation named with `?org=`.
 */
import type { Request, RequestHandler, Response } from 'express';
import { Types } from 'mongoose';
import { webhookOrgQuerySchema } from '@refute/shared';
import { asyncHandler, requireApiKey, requireUser } from '../../http/auth';
import { forbidden } from '../../http/errors';
import { parseInput } from '../../http/validate';
import type { Actor } from '../audit/service';
import { OrganisationModel } from '../organisations/model';
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
    const { org } = parseInput(webhookOrgQuerySchema, req.query, 'query');
    if (req.get('authorization')) {
      await passes(byApiKey, req, res);
      const key = req.apiKey!;
      if (org && org !== String(key.orgId)) throw forbidden('other_organisation', "An API key manages only its own organisation's webhooks");
      req.webhookScope = { orgId: key.orgId, actor: { kind: 'api_key', id: key.id, orgId: key.orgId } };
      next();
      return;
    }
    await passes(byAdmin, req, res);
    req.webhookScope = { orgId: await adminTarget(req, org), actor: { kind: 'user', id: req.user!.id, orgId: req.user!.orgId } };
    next();
  });
}

async function adminTarget(req: Request, org: string | undefined): Promise<Types.ObjectId> {
  const user = req.user!;
  if (!org || org === user.orgId) return new Types.ObjectId(user.orgId);
  const own = await OrganisationModel.findById(user.orgId, { kind: 1 }).lean();
  if (own?.kind !== 'review') throw forbidden('other_organisation', "A platform's admin manages only that platform's webhooks");
  return new Types.ObjectId(org);
}
