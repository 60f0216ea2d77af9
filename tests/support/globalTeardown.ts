import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.refuteTestEngine;
  if (!started) return;
  await started.engine.stop();
  fs.rmSync(started.dataDir, { recursive: true, force: true });
}
