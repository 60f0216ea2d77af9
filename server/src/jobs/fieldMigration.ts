/**
 * A one-time migration that gives documents written before a field existed that field, derived
 * from what they hold. Append-only collections refuse updates through mongoose; a migration
 * writes through the driver, setting only the new field, in batches on the scheduler after the
 * server started. Until it is complete, readers use the slower way that does not need the field.
 */
import type { mongo } from 'mongoose';
import { insertOnce } from '../db/insertOnce';
import { OnceModel } from '../features/meta/onceModel';
import { scheduler } from './scheduler';

const BATCH = 500;

export interface FieldMigration {
  /** Whether every document has the field (cached once true). */
  complete(): Promise<boolean>;
  /** Migrates one batch; true when nothing is left (and the migration is marked complete). */
  step(): Promise<boolean>;
  /** Runs the batches on the scheduler, one a second, until complete. */
  start(): void;
  /** Reads the marker again (a database restored from a backup taken before the migration). */
  recheck(): void;
}

export function fieldMigration(options: {
  marker: string;
  collection: () => mongo.Collection<mongo.Document>;
  field: string;
  /** The fields `valueOf` reads. */
  reads: Record<string, 1>;
  /** The new field's value for a document; it may read other collections. */
  valueOf: (document: mongo.Document) => unknown;
}): FieldMigration {
  let done = false;
  const migration: FieldMigration = {
    async complete() {
      if (done) return true;
      done = Boolean((await OnceModel.findById(options.marker).lean())?.completedAt);
      return done;
    },
    async step() {
      if (await migration.complete()) return true;
      await insertOnce(OnceModel, { _id: options.marker, startedAt: new Date() });
      const pending = await options.collection().find({ [options.field]: { $exists: false } }, { projection: options.reads }).limit(BATCH).toArray();
      for (const document of pending) {
        await options.collection().updateOne({ _id: document._id }, { $set: { [options.field]: (await options.valueOf(document)) ?? null } });
      }
      if (pending.length === BATCH) return false;
      await OnceModel.updateOne({ _id: options.marker }, { $set: { completedAt: new Date() } });
      done = true;
      return true;
    },
    recheck() {
      done = false;
    },
    start() {
      const stop = scheduler.every(`migrate.${options.marker}`, 1_000, async () => {
        if (await migration.step()) stop();
      });
    },
  };
  return migration;
}
