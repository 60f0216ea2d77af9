/**
 * The real server (server/dist/main.js) with one addition for the realtime benchmark: asked
 * over IPC, it collects garbage and answers with its memory use, so that what each connection
 * retains can be told apart from garbage not yet collected. Started with --expose-gc.
 */
import path from 'node:path';
import { REPO_ROOT } from '../server/src/paths';

process.on('message', (message: unknown) => {
  if (message !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ memory: process.memoryUsage() });
});

// The built server starts when loaded; it is a CommonJS file named at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.join(REPO_ROOT, 'server/dist/main.js'));
