/**
 * What every process keeps of published documents (the feeds' prepared responses, the public
 * pages and their data, the browse list, rankings) follows the publications of every process:
 * a version published here is announced at once (`publication.created`), one published by
 * another process as soon as this process reads its `publication` entry in the index feed
 * (`publicationsAcrossProcesses.ts`), within a poll of it. So the ETags of the feeds and pages
 * change everywhere without keeping their responses only a moment.
 */
import { domainEvents } from '../../realtime/domainEvents';

/** Calls `listener` whenever a version is published, corrected or retracted, in any process. */
export function onPublicationsChanged(listener: () => void): void {
  domainEvents.on('publication.created', () => listener());
  domainEvents.on('publications.changed', listener);
}
