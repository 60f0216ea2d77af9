/** Helpers of the webhook suites: a platform that manages webhooks, and publishing its reports' case. */
import { buildClaimReport, buildDraft, createPlatform } from '../../fixtures/factories';
import { HttpClient } from './http';
import type { Team } from './workbench';

export async function webhookPlatform(baseUrl: string) {
  const platform = await createPlatform(['claims:write', 'claims:read', 'match:read', 'webhooks:manage']);
  return { ...platform, http: new HttpClient(baseUrl, { apiKey: platform.apiKey }) };
}

export type WebhookPlatform = Awaited<ReturnType<typeof webhookPlatform>>;

/** Reports a new claim; returns its id, externalId and case. */
export async function report(platform: { http: HttpClient }, overrides: Parameters<typeof buildClaimReport>[0] = {}) {
  const claim = buildClaimReport(overrides);
  const response = await platform.http.post('/api/v1/claims', claim);
  expect(response.status).toBe(201);
  return { id: response.body.id as string, externalId: claim.externalId, text: claim.text, caseId: response.body.caseId as string };
}

/** Reviews and approves the case: its first publication. */
export async function publishCase(team: Team, caseId: string): Promise<{ id: string; version: number }> {
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'false' }))).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const approved = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  return approved.body.publication as { id: string; version: number };
}

/** A correction: reopened, changed, submitted and approved again. */
export async function correctCase(team: Team, caseId: string): Promise<{ id: string; version: number }> {
  const reopened = await team.otherLead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: 'New evidence' });
  expect(reopened.status).toBe(200);
  const saved = await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'misleading', version: reopened.body.draft.version as number }));
  expect(saved.status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  // The lead of version 1 wrote none of it and may approve the correction.
  const approved = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  return approved.body.publication as { id: string; version: number };
}
