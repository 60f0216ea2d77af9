import type { CaseDetail, HotspotList, NotificationList } from '@refute/shared';
import { buildClaimReport } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { HotspotModel } from '../../server/src/features/hotspots/model';
import { recordHotspot, type FoundHotspot } from '../../server/src/features/hotspots/record';
import { ack, connected, eventually, recorder, socketClients } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, type Team } from '../support/workbench';

let app: TestApp;
let team: Team;
beforeAll(async () => {
  // Ticks every half second so that the test need not wait for the clock's quarter minutes.
  app = await startTestApp({ hotspots: { tickMs: 500, lagMs: 0 } });
  team = await createTeam(app.baseUrl);
});
afterAll(() => app.close());
const open = socketClients(() => app.baseUrl);

test('a burst of reports to one case makes one hotspot, tells the leads, and a lead confirms the proposed lane', async () => {
  const socket = open(team.otherLead);
  await connected(socket);
  expect((await ack(socket, 'queue.watch')).ok).toBe(true);
  const flagged = recorder(socket, 'hotspot.detected');

  const text = `${buildClaimReport().text} 喝醋能软化血管`;
  const first = await team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  expect(first.status).toBe(201);
  const caseId = first.body.caseId as string;
  for (let n = 0; n < 11; n += 1) expect((await team.platform.http.post('/api/v1/claims', buildClaimReport({ text }))).body.caseId).toBe(caseId);

  await eventually(async () => (await HotspotModel.countDocuments({ subjectId: caseId })) > 0, 'the case is a hotspot', 15_000);
  const hotspot = (await HotspotModel.findOne({ subjectId: caseId }).lean())!;
  expect(hotspot.subjectKind).toBe('case');
  expect(hotspot.count).toBeGreaterThanOrEqual(6);
  expect(hotspot.expected).toBeLessThan(1);
  expect(['hot', 'emergency']).toContain(hotspot.proposedLane);

  // Live: the queue room hears of it.
  await eventually(() => flagged.some(([view]) => view.caseId === caseId && view.subjectKind === 'case'), 'hotspot.detected reached the queue');
  // Both leads are notified.
  for (const lead of [team.lead, team.otherLead]) {
    await eventually(async () => {
      const list = (await lead.http.get<NotificationList>('/api/v1/notifications')).body;
      return list.items.some((item) => item.kind === 'hotspot' && item.caseId === caseId);
    }, 'the lead has a hotspot notification');
  }
  expect(await AuditEventModel.countDocuments({ action: 'hotspot.detected', subjectId: hotspot.caseId })).toBe(1);

  // The case page shows the flag and the proposal.
  const before = (await team.lead.http.get<CaseDetail>(`/api/v1/cases/${caseId}`)).body;
  expect(before.hotspot).toMatchObject({ hotspotId: String(hotspot._id), count: hotspot.count, proposedLane: hotspot.proposedLane });

  // A reviewer may not move it; a lead may.
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/lane`, { lane: 'emergency' })).status).toBe(403);
  expect((await team.lead.http.post(`/api/v1/cases/${caseId}/lane`, { lane: 'urgent' })).status).toBe(400);
  const moved = await team.lead.http.post<CaseDetail>(`/api/v1/cases/${caseId}/lane`, { lane: 'emergency' });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ lane: 'emergency', laneSetByLead: true, hotspot: { proposedLane: null } });
  expect(moved.body.history.find((entry) => entry.action === 'case.lane_set')).toMatchObject({ actorId: team.lead.id, data: { to: 'emergency', hotspotId: String(hotspot._id) } });

  // Later reports recount the case; the lane a lead set stays.
  await team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  await eventually(async () => (await team.lead.http.get<CaseDetail>(`/api/v1/cases/${caseId}`)).body.reportCount === 13, 'the recount counted the new report');
  expect((await team.lead.http.get<CaseDetail>(`/api/v1/cases/${caseId}`)).body.lane).toBe('emergency');

  // Leads list it with the topic's.
  const listed = await team.lead.http.get<HotspotList>('/api/v1/hotspots?hours=1');
  expect(listed.body.items.filter((item) => item.subjectKind === 'case' && item.caseId === caseId)).toHaveLength(1);
  expect((await team.lead.http.get('/api/v1/hotspots?hours=0')).status).toBe(400);

  // One burst, one hotspot of the case.
  expect(await HotspotModel.countDocuments({ subjectId: caseId })).toBe(1);
});

test('processes that find the same burst record it once, in the same window or a later one', async () => {
  const found: FoundHotspot = {
    subjectKind: 'topic',
    subjectId: 'energy',
    caseId: null,
    topic: 'energy',
    detection: { windowStart: Date.UTC(2026, 10, 1, 9), windowEnd: Date.UTC(2026, 10, 1, 9, 15), count: 40, expected: 4, baselinePerHour: 16, surprise: 12 },
  };
  const results = await Promise.all(Array.from({ length: 6 }, () => recordHotspot(found)));
  expect(results.filter((result) => result !== null)).toHaveLength(1);
  // Another process sees it a window later: the same burst.
  const later = { ...found, detection: { ...found.detection, windowStart: found.detection.windowStart + 60_000, windowEnd: found.detection.windowEnd + 60_000 } };
  expect(await recordHotspot(later)).toBeNull();
  expect(await HotspotModel.countDocuments({ subjectId: 'energy' })).toBe(1);
  expect(await AuditEventModel.countDocuments({ action: 'hotspot.detected', 'data.subject': 'energy' })).toBe(1);
});
