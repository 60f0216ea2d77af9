/**
 * Webhooks in a server process (after `ensureIndexes`, which creates the outbox's unique
 * indexes): events from domain events (a publication, a published case taking in a report), the
 * start-up scan for events a crash kept from the outbox, and the worker that delivers them.
 */
import type { Logger } from 'pino';
import type { Scheduler } from '../../jobs/scheduler';
import { domainEvents } from '../../realtime/domainEvents';
import { enqueueMatchedForCase, recoverMatchedEvents } from './matchedEvents';
import { enqueueForPublication, recoverPublicationEvents } from './publicationEvents';
import { configureWebhooks, type WebhookSettings } from './settings';
import { startWebhookWorker, type WebhookWorker } from './worker';

export interface Webhooks {
  worker: WebhookWorker;
  stop(): Promise<void>;
}

export function startWebhooks(options: { scheduler: Scheduler; log?: Logger; settings?: Partial<WebhookSettings> }): Webhooks {
  if (options.settings) configureWebhooks(options.settings);
  const worker = startWebhookWorker(options.scheduler);
  const onPublication = (publication: { id: string }) => {
    // Runs after the approval answered; a failure here is repaired by the scan at the next start.
    options.scheduler.after('webhooks.enqueue', 0, async () => {
      if ((await enqueueForPublication(publication.id)) > 0) await worker.tick();
    });
  };
  const onCaseUpdated = (caseId: string) => {
    options.scheduler.after('webhooks.matched', 0, async () => {
      if ((await enqueueMatchedForCase(caseId)) > 0) await worker.tick();
    });
  };
  domainEvents.on('publication.created', onPublication);
  domainEvents.on('case.updated', onCaseUpdated);
  options.scheduler.after('webhooks.recover', 0, async () => {
    const recovered = (await recoverPublicationEvents()) + (await recoverMatchedEvents());
    if (recovered > 0) options.log?.info({ recovered }, 'webhook events written to the outbox at start');
  });
  return {
    worker,
    async stop() {
      domainEvents.off('publication.created', onPublication);
      domainEvents.off('case.updated', onCaseUpdated);
      await worker.stop();
    },
  };
}
