/**
 * What the database engine in use needs done its own way. Production runs on MongoDB, which
 * serves filters, ranges and sorts from its indexes. The local engine, FerretDB v1, pushes only
 * top-level equality filters down to PostgreSQL and applies the rest to every document those
 * return, and it rewrites a whole document on each update. Everything that exists only for it
 * sits in this folder behind `Engine`; features call `engine()` and otherwise speak plain
 * mongoose, as they would to MongoDB alone.
 */
import mongoose from 'mongoose';
import pg from 'pg';
import { coalescingCounters, directCounters, type CaseCounters } from './caseCounters';
import { mongodbCases, type CaseReads } from './caseReads';
import { localEngineClaimLookups, mongodbClaimLookups, postgresClaimLookups, type ClaimLookups } from './claimLookups';
import { localEngineCases } from './queueView';
import { localEngineUserLookups, mongodbUserLookups, type UserLookups } from './userLookups';

export type EngineKind = 'mongodb' | 'ferretdb';

export interface Engine {
  kind: EngineKind;
  /** The queue's reads of cases. */
  cases: CaseReads;
  /** Case counters written after intake. */
  counters: CaseCounters;
  /** Bulk intake's lookup of the reports a platform stored before. */
  claims: ClaimLookups;
  /** People by id (names, notification choices). */
  users: UserLookups;
}

/** Where the local engine keeps its data: its PostgreSQL, when this process started it (or was told of it). */
export interface EngineStorage {
  postgresUrl: string;
}

/** A few connections, closed when idle: bulk intake's lookups and the console's pages are its only readers. */
function storagePool(storage: EngineStorage): pg.Pool {
  return new pg.Pool({ connectionString: storage.postgresUrl, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
}

const engines: Record<EngineKind, (storage?: EngineStorage) => Engine> = {
  mongodb: () => ({ kind: 'mongodb', cases: mongodbCases, counters: directCounters(), claims: mongodbClaimLookups, users: mongodbUserLookups }),
  ferretdb: (storage) => ({
    kind: 'ferretdb',
    cases: localEngineCases(),
    counters: coalescingCounters(),
    claims: storage ? postgresClaimLookups(storagePool(storage), mongoose.connection.name) : localEngineClaimLookups,
    users: localEngineUserLookups,
  }),
};

let current: Engine | null = null;

/** The engine of the connected database: FerretDB names itself in `buildInfo`. */
export async function detectEngine(): Promise<EngineKind> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('detectEngine needs a connected database');
  const info = await db.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb';
}

/** Chooses the workarounds for the connected database; called once at start. */
export async function useConnectedEngine(storage?: EngineStorage): Promise<Engine> {
  return useEngine(await detectEngine(), storage);
}

/** Chooses the workarounds of `kind` (MongoDB's paths work on any engine, only slower). */
export function useEngine(kind: EngineKind, storage?: EngineStorage): Engine {
  current = engines[kind](storage);
  return current;
}

/** The engine chosen at start; MongoDB's plain paths until then (they work on any engine). */
export function engine(): Engine {
  current ??= engines.mongodb();
  return current;
}
