/**
 * What the database engine in use needs done its own way. Production runs on MongoDB, which
 * serves filters, ranges and sorts from its indexes. The local engine, FerretDB v1, pushes only
 * top-level equality filters down to PostgreSQL and applies the rest to every document those
 * return, and it rewrites a whole document on each update. Everything that exists only for it
 * sits in this folder behind `Engine`; features call `engine()` and otherwise speak plain
 * mongoose, as they would to MongoDB alone.
 */
import mongoose from 'mongoose';
import { coalescingCounters, directCounters, type CaseCounters } from './caseCounters';
import { mongodbCases, type CaseReads } from './caseReads';
import { localEngineClaimLookups, mongodbClaimLookups, type ClaimLookups } from './claimLookups';
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

const engines: Record<EngineKind, () => Engine> = {
  mongodb: () => ({ kind: 'mongodb', cases: mongodbCases, counters: directCounters(), claims: mongodbClaimLookups, users: mongodbUserLookups }),
  ferretdb: () => ({ kind: 'ferretdb', cases: localEngineCases(), counters: coalescingCounters(), claims: localEngineClaimLookups, users: localEngineUserLookups }),
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
export async function useConnectedEngine(): Promise<Engine> {
  return useEngine(await detectEngine());
}

/** Chooses the workarounds of `kind` (MongoDB's paths work on any engine, only slower). */
export function useEngine(kind: EngineKind): Engine {
  current = engines[kind]();
  return current;
}

/** The engine chosen at start; MongoDB's plain paths until then (they work on any engine). */
export function engine(): Engine {
  current ??= engines.mongodb();
  return current;
}
