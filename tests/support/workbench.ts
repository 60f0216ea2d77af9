import { createPlatform, createUser, type CreatedUser } from '../../fixtures/factories';
import { HttpClient } from './http';
import { startTestApp, type TestApp } from './testApp';

export interface Member extends CreatedUser {
  http: HttpClient;
}

export async function loggedIn(baseUrl: string, user: CreatedUser): Promise<Member> {
  const http = new HttpClient(baseUrl);
  await http.login(user.email, user.password);
  return { ...user, http };
}

/** A platform with its key, and a review team of one reviewer and two leads, all logged in. */
export async function createTeam(baseUrl: string) {
  const platform = await createPlatform();
  const [reviewer, lead, otherLead] = await Promise.all([
    createUser({ roles: ['reviewer'] }),
    createUser({ roles: ['lead', 'reviewer'] }),
    createUser({ roles: ['lead', 'reviewer'] }),
  ]);
  return {
    platform: { ...platform, http: new HttpClient(baseUrl, { apiKey: platform.apiKey }) },
    reviewer: await loggedIn(baseUrl, reviewer),
    lead: await loggedIn(baseUrl, lead),
    otherLead: await loggedIn(baseUrl, otherLead),
  };
}

export type Team = Awaited<ReturnType<typeof createTeam>>;

/** A test file's app on the real engine and a fresh team, set up before and closed after its tests. */
export function teamSuite(options: Parameters<typeof startTestApp>[0] = {}): { app: TestApp; team: Team } {
  const suite = {} as { app: TestApp; team: Team };
  beforeAll(async () => {
    suite.app = await startTestApp(options);
    suite.team = await createTeam(suite.app.baseUrl);
  });
  afterAll(() => suite.app.close());
  return suite;
}
