import type { CaseDetail } from '@refute/shared';
import { buildClaimReport } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { HotspotModel } from '../../server/src/features/hotspots/model';
import { HttpClient } from '../support/http';
import { eventually } from '../support/sockets';
import { twoServerProcesses } from '../support/twoProcesses';
import { loggedIn } from '../support/workbench';

// Both processes run the detector on the same ticks, aligned to the clock: 3 s instead of the
// production 15 s, with the production lag (reports of the other process have arrived by then).
const TICK_MS = 3_000;
const both = twoServerProcesses({ hotspots: { tickMs: TICK_MS } }, { REFUTE_HOTSPOT_TICK_MS: String(TICK_MS) });

test('a burst reported to two server processes is recorded once, and both flag the case', async () => {
  const viaOther = new HttpClient(both.other.baseUrl, { apiKey: both.team.platform.apiKey });
  const text = `${buildClaimReport().text} 喝醋能软化血管`;
  const first = await both.team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  const caseId = first.body.caseId as string;
  for (let n = 0; n < 12; n += 1) {
    const via = n % 2 === 0 ? viaOther : both.team.platform.http;
    expect((await via.post('/api/v1/claims', buildClaimReport({ text }))).body.caseId).toBe(caseId);
  }

  const leadOnOther = await loggedIn(both.other.baseUrl, both.team.lead);
  const flagged = async (http: HttpClient) => (await http.get<CaseDetail>(`/api/v1/cases/${caseId}`)).body.hotspot !== null;
  // Each process detects the burst at the same tick; the one whose insert loses shows the winner's.
  await eventually(async () => (await flagged(both.team.lead.http)) && (await flagged(leadOnOther.http)), 'both processes flag the case', 45_000);
  expect(await HotspotModel.countDocuments({ subjectId: caseId })).toBe(1);
  const hotspot = (await HotspotModel.findOne({ subjectId: caseId }).lean())!;
  expect(await AuditEventModel.countDocuments({ action: 'hotspot.detected', subjectId: hotspot.caseId })).toBe(1);
  const shownByOther = (await leadOnOther.http.get<CaseDetail>(`/api/v1/cases/${caseId}`)).body.hotspot;
  expect(shownByOther?.hotspotId).toBe(String(hotspot._id));
});
