/**
 * For benches that run the server in their own process (import of server/dist/main.js) and count
 * the database commands it sends: the connection reports each command, and a wait until the
 * server answers on its port.
 */
import mongoose from 'mongoose';

/** Call before the server connects: its connection then emits command monitoring events. */
export function monitorServerCommands(): void {
  const connect = mongoose.connect.bind(mongoose);
  (mongoose as unknown as { connect: typeof connect }).connect = (uri, options) => connect(uri, { ...options, monitorCommands: true });
}

/** Resolves once the server on `port` answers. */
export async function untilListening(port: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
