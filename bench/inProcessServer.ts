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

export interface CommandTotal {
  calls: number;
  /** Time the server waited for the engine, summed. */
  ms: number;
}

/** From now on, counts every command the server's connection sends, by command and collection; the map fills as they finish. */
export function countServerCommands(): Map<string, CommandTotal> {
  const client = mongoose.connection.getClient();
  const started = new Map<number, string>();
  const totals = new Map<string, CommandTotal>();
  client.on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    started.set(event.requestId, `${event.commandName} ${String(event.commandName === 'getMore' ? command.collection : command[event.commandName])}`);
  });
  client.on('commandSucceeded', (event) => {
    const name = started.get(event.requestId) ?? event.commandName;
    started.delete(event.requestId);
    const total = totals.get(name) ?? { calls: 0, ms: 0 };
    total.calls += 1;
    total.ms += event.duration;
    totals.set(name, total);
  });
  return totals;
}
