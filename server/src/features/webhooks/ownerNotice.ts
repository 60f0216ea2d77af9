/**
 * When Refute disables an endpoint (it answered 410 Gone, or every delivery failed for five
 * days), the platform's admins, who own its endpoints, are told in the app: deliveries to it
 * have stopped until one of them enables it again.
 */
import { notifyFromRefute } from '../notifications/service';
import { activeIdsWithRole } from '../users/repository';
import type { WebhookEndpointRecord } from './model';

/**
 * `episode` names this disabling (the failing spell or the attempt that got 410), so that
 * processes disabling the endpoint at the same time notify each admin once.
 */
export async function notifyOwnersOfDisabledEndpoint(endpoint: WebhookEndpointRecord, reason: string, episode: string): Promise<void> {
  const admins = await activeIdsWithRole('admin', endpoint.orgId);
  await notifyFromRefute({
    kind: 'webhook_disabled',
    recipientIds: admins,
    title: endpoint.url,
    note: reason,
    once: `webhook_disabled:${String(endpoint._id)}:${episode}`,
  });
}
