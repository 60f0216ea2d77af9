import { startServerProcess, type ServerProcess } from './serverProcess';
import { startTestApp, type TestApp } from './testApp';
import { createTeam, type Team } from './workbench';

export interface TwoProcesses {
  /** The server in the test's own process, with the team's accounts made on it. */
  app: TestApp;
  team: Team;
  /** A second real server process on the same database. */
  other: ServerProcess;
}

/**
 * Two server processes on one database for a test file's cross-process tests: started before
 * its tests, stopped after them (the second with `otherEnv` added to its environment). The
 * fields are set once `beforeAll` has run.
 */
export function twoServerProcesses(options?: Parameters<typeof startTestApp>[0], otherEnv: Record<string, string> = {}): TwoProcesses {
  const both = {} as TwoProcesses;
  beforeAll(async () => {
    both.app = await startTestApp(options);
    both.team = await createTeam(both.app.baseUrl);
    both.other = await startServerProcess(both.app.mongodbUri, otherEnv);
  });
  afterAll(async () => {
    await both.other?.stop();
    await both.app?.close();
  });
  return both;
}
