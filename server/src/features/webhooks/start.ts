/**
 * Webhooks in a server process (after `ensureIndexes`, which creates the outbox's unique
 * indexes): events from domain events (a publication, a report placed in a published case), the
 * start-up scan for events a crash kept from the outbox, the worker that delivers them, and the
 * hourly retention sweep of finished deliveries.
 */
import type { Logger } from 'pino';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents, type ReportedClaim } from '../../realtime/domainEvents';
import { enqueueReportedClaims, recoverMatchedEvents } from './matchedEvents';
import { enqueueForPublication, recoverPublicationEvents } from './publicationEvents';
import { startRetentionSweep } from './retention';
import { configureWebhooks, type WebhookSettings } from './settings';
import { startWebhookWorker, type WebhookWorker } from './worker';

export interface Webhooks {
  worker: WebhookWorker;
  stop(): Promise<void>;
}

export function startWebhooks(options: { scheduler: Scheduler; log?: Logger; settings?: Partial<WebhookSettings> }): Webhooks {
  if (options.settings) configureWebhooks(options.settings);
  const worker = startWebhookWorker(options.scheduler);
  const stopSweep = startRetentionSweep(options.scheduler, (swept) => options.log?.info(swept, 'finished webhook deliveries past retention deleted'));
  const onPublication = (publication: { id: string }) => {
    // Runs after the approval answered; a failure here is repaired by the scan at the next start.
    options.scheduler.after('webhooks.enqueue', 0, async () => {
      if ((await enqueueForPublication(publication.id)) > 0) await worker.tick();
    });
  };
  // Reports announced together (a bulk import's chunk) are written to the outbox together.
  let reported: ReportedClaim[] = [];
  const onClaimReported = (report: ReportedClaim) => {
    if (!report.publicationId) return;
    reported.push(report);
    if (reported.length > 1) return;
    options.scheduler.after('webhooks.matched', 0, async () => {
      const batch = reported;
      reported = [];
      if ((await enqueueReportedClaims(batch)) > 0) await worker.tick();
    });
  };
  domainEvents.on('publication.created', onPublication);
  domainEvents.on('claim.reported', onClaimReported);
  options.scheduler.after('webhooks.recover', 0, async () => {
    const recovered = (await recoverPublicationEvents()) + (await recoverMatchedEvents());
    if (recovered > 0) options.log?.info({ recovered }, 'webhook events written to the outbox at start');
  });
  return {
    worker,
    async stop() {
      domainEvents.off('publication.created', onPublication);
      domainEvents.off('claim.reported', onClaimReported);
      stopSweep();
      await worker.stop();
    },
  };
}
