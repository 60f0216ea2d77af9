import { buildClaimReport } from '../../fixtures/factories';
import { HttpClient } from './http';
import { startServerProcess, type ServerProcess } from './serverProcess';
import type { Team } from './workbench';
import type { TestApp } from './testApp';

/**
 * A second server process on a team suite's database, started before the file's tests and
 * stopped after them, and a client of it holding the suite's platform API key: what tests of
 * matching across processes need.
 */
export function secondProcess(suite: { app: TestApp; team: Team }): { readonly http: HttpClient } {
  let other: ServerProcess | undefined;
  let http: HttpClient | undefined;
  beforeAll(async () => {
    other = await startServerProcess(suite.app.mongodbUri);
    http = new HttpClient(other.baseUrl, { apiKey: suite.team.platform.apiKey });
  });
  afterAll(() => other?.stop());
  return {
    get http() {
      if (!http) throw new Error('The second server process starts before the tests');
      return http;
    },
  };
}

/** Reports a claim of this text as a platform; it must be stored. */
export async function reportText(client: HttpClient, text: string): Promise<{ id: string; caseId: string; match?: { caseId: string } | null }> {
  const response = await client.post('/api/v1/claims', buildClaimReport({ text }));
  expect(response.status).toBe(201);
  return response.body as { id: string; caseId: string; match?: { caseId: string } | null };
}
