import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../server/src/paths';

export interface BenchServer {
  baseUrl: string;
  /** The demo reviewer's login, as the server printed it. */
  reviewer: { email: string; password: string };
  stop(): Promise<void>;
}

/**
 * The real server (server/dist/main.js) in a process of its own, as `npm start` runs it: the
 * local engine started by the server with its data in `dataDir`, and the demo data seeded.
 */
export async function startBenchServer(dataDir: string): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', REFUTE_DATA_DIR: dataDir, REFUTE_DEMO: 'on', REFUTE_LOG_LEVEL: 'error' };
  delete env.MONGODB_URI;
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'server/dist/main.js')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = await new Promise<{ baseUrl: string; reviewer: BenchServer['reviewer'] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 3 minutes:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Refute listening on (http:\/\/\S+)/.exec(output);
      const reviewer = /Demo login reviewer: (\S+) (\S+)/.exec(output);
      // The demo logins are printed after the listening line, the API key last.
      if (listening && reviewer && output.includes('Demo platform API key')) {
        clearTimeout(timer);
        resolve({ baseUrl: listening[1]!, reviewer: { email: reviewer[1]!, password: reviewer[2]! } });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  return {
    ...started,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
