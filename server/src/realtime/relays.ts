/** Domain events of this process, relayed to the socket rooms watching them (on every process with Redis). */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { rooms, type ServerToClientEvents } from '@refute/shared';
import type { CaseRecord } from '../features/cases/model';
import { findCase } from '../features/cases/repository';
import { platformsReportingCase } from '../features/claims/repository';
import { presentCaseSummary } from '../features/cases/presenter';
import { scheduler } from '../jobs/scheduler';
import { relayDrafts } from './coediting';
import { domainEvents, type ReportedClaim, type WrittenCase } from './domainEvents';
import { relayDiscussion } from './notifications';
import type { GatewayServer } from './types';

/**
 * A platform's room hears of its changed cases at most this often, all of them in one event: a
 * bulk import reports hundreds of rows a second, and each event makes a console read its list.
 */
const PLATFORM_TELL_MS = 500;

export function relayDomainEvents(io: GatewayServer, httpServer: HttpServer, log: Logger): void {
  const untoldCases = new Map<string, Set<string>>();
  // Once the server closed, a telling still due has no one to tell: with Redis, its adapter is closed too.
  let closed = false;
  const tellPlatform = (orgId: string, caseId: string) => {
    const pending = untoldCases.get(orgId);
    if (pending) {
      pending.add(caseId);
      return;
    }
    untoldCases.set(orgId, new Set([caseId]));
    scheduler.after('platform-reports.tell', PLATFORM_TELL_MS, () => {
      const caseIds = [...(untoldCases.get(orgId) ?? [])];
      untoldCases.delete(orgId);
      if (!closed) io.to(rooms.platform(orgId)).emit('platform.reports.changed', { caseIds });
    });
  };
  /** The state each case was last relayed to platforms in, so counter updates tell them nothing. */
  const stateToldPlatforms = new Map<string, string>();
  const tellPlatforms = async (record: CaseRecord) => {
    const caseId = String(record._id);
    const state = `${record.status}|${record.publicationId ? String(record.publicationId) : ''}`;
    if (stateToldPlatforms.get(caseId) === state) return;
    if (stateToldPlatforms.size > 100_000) stateToldPlatforms.clear();
    stateToldPlatforms.set(caseId, state);
    for (const orgId of await platformsReportingCase(record._id)) tellPlatform(orgId, caseId);
  };
  const onCaseUpdated = async (caseId: string, written?: WrittenCase) => {
    const record = written?.record ?? (await findCase(caseId));
    if (!record) return;
    io.to(rooms.queue).to(rooms.case(caseId)).emit('case.updated', presentCaseSummary(record));
    // Report counters are not shown to platforms; a platform's own new report is told on intake.
    if (!written?.countersOnly) await tellPlatforms(record);
  };
  const onClaimReported = (report: ReportedClaim) => {
    tellPlatform(report.orgId, report.caseId);
  };
  // Moved reports show their new case: every platform reporting it now is told.
  const onReportsMoved = async ({ toCaseId }: { toCaseId: string }) => {
    for (const orgId of await platformsReportingCase(toCaseId)) tellPlatform(orgId, toCaseId);
  };
  const onAssigned = (assignment: Parameters<ServerToClientEvents['case.assigned']>[0]) => {
    io.to(rooms.queue).to(rooms.case(assignment.caseId)).emit('case.assigned', assignment);
  };
  const onPublication = (publication: Parameters<ServerToClientEvents['publication.created']>[0]) => {
    io.to(rooms.queue).to(rooms.case(publication.caseId)).emit('publication.created', publication);
  };
  const onHotspot = (hotspot: Parameters<ServerToClientEvents['hotspot.detected']>[0]) => {
    const to = hotspot.caseId ? io.to(rooms.queue).to(rooms.case(hotspot.caseId)) : io.to(rooms.queue);
    to.emit('hotspot.detected', hotspot);
  };
  const onSessionRevoked = async (tokenHash: string) => {
    for (const socket of await io.fetchSockets()) if (socket.data.sessionHash === tokenHash) socket.disconnect(true);
  };
  const report = (error: unknown) => log.error({ err: error }, 'realtime relay failed');
  const caseListener = (caseId: string, written?: WrittenCase) => void onCaseUpdated(caseId, written).catch(report);
  const sessionListener = (tokenHash: string) => void onSessionRevoked(tokenHash).catch(report);
  const movesListener = (move: { toCaseId: string }) => void onReportsMoved(move).catch(report);
  domainEvents.on('case.updated', caseListener);
  domainEvents.on('claim.reported', onClaimReported);
  domainEvents.on('reports.moved', movesListener);
  domainEvents.on('publication.created', onPublication);
  domainEvents.on('case.assigned', onAssigned);
  domainEvents.on('hotspot.detected', onHotspot);
  domainEvents.on('session.revoked', sessionListener);
  relayDiscussion(io, httpServer, log);
  relayDrafts(io, httpServer);
  httpServer.once('close', () => {
    closed = true;
    domainEvents.off('case.updated', caseListener);
    domainEvents.off('claim.reported', onClaimReported);
    domainEvents.off('reports.moved', movesListener);
    domainEvents.off('publication.created', onPublication);
    domainEvents.off('case.assigned', onAssigned);
    domainEvents.off('hotspot.detected', onHotspot);
    domainEvents.off('session.revoked', sessionListener);
  });
}
