import { Router, type Request } from 'express';
import { webhookCreateSchema, webhookDeliveryParamsSchema, webhookParamsSchema, webhookUpdateSchema } from '@refute/shared';
import { asyncHandler } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { requireWebhookManager } from './access';
import { createWebhook, listDeliveries, listWebhooks, removeWebhook, replayDelivery, rotateWebhookSecret, updateWebhook } from './service';

/** `/api/v1/webhooks`: a platform's endpoints, their secrets and their delivery log. */
export function webhookRoutes(): Router {
  const router = Router();
  router.use(requireWebhookManager());
  // Set by requireWebhookManager before any handler runs.
  const scopeOf = (req: Request) => req.webhookScope!;

  router.post(
    '/',
    asyncHandler(async (req, res) => {
      const input = parseInput(webhookCreateSchema, req.body);
      const scope = scopeOf(req);
      res.status(201).json(await createWebhook(scope, scope.actor, input));
    }),
  );

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      res.json({ items: await listWebhooks(scopeOf(req)) });
    }),
  );

  router.patch(
    '/:id',
    asyncHandler(async (req, res) => {
      const { id } = parseInput(webhookParamsSchema, req.params, 'webhook id');
      const changes = parseInput(webhookUpdateSchema, req.body);
      const scope = scopeOf(req);
      res.json(await updateWebhook(scope, scope.actor, id, changes));
    }),
  );

  router.delete(
    '/:id',
    asyncHandler(async (req, res) => {
      const { id } = parseInput(webhookParamsSchema, req.params, 'webhook id');
      const scope = scopeOf(req);
      await removeWebhook(scope, scope.actor, id);
      res.status(204).end();
    }),
  );

  router.post(
    '/:id/rotate-secret',
    asyncHandler(async (req, res) => {
      const { id } = parseInput(webhookParamsSchema, req.params, 'webhook id');
      const scope = scopeOf(req);
      res.json(await rotateWebhookSecret(scope, scope.actor, id));
    }),
  );

  router.get(
    '/:id/deliveries',
    asyncHandler(async (req, res) => {
      const { id } = parseInput(webhookParamsSchema, req.params, 'webhook id');
      res.json({ items: await listDeliveries(scopeOf(req), id) });
    }),
  );

  router.post(
    '/:id/deliveries/:deliveryId/replay',
    asyncHandler(async (req, res) => {
      const { id, deliveryId } = parseInput(webhookDeliveryParamsSchema, req.params, 'delivery');
      const scope = scopeOf(req);
      res.status(202).json(await replayDelivery(scope, scope.actor, id, deliveryId));
    }),
  );

  return router;
}
