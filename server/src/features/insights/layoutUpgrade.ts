/**
 * Rollups are one document per period (a day or a week), scope and topic, holding every figure,
 * since `insight_rollups` came in (before: counts per metric and response times per lane apart,
 * in `insight_counts` and `insight_responses`); a database whose rollups were written before is
 * rebuilt from the records once, at start, before live updates begin (a rebuild while they run
 * may count some twice), and the collections of the layout before are dropped. One process takes the marker; one that
 * died mid-rebuild is taken over once its start is older than TAKEOVER_MS. A database without
 * cases has nothing to rebuild and is marked at once.
 */
import mongoose from 'mongoose';
import { insertOnce } from '../../db/insertOnce';
import { CaseModel } from '../cases/model';
import { OnceModel } from '../meta/onceModel';
import { LEGACY_ROLLUP_COLLECTIONS, ROLLUP_LAYOUT_MARKER } from './model';
import { rebuildRollups } from './rebuild';

export { ROLLUP_LAYOUT_MARKER };
const TAKEOVER_MS = 30 * 60_000;

/** Whether this call rebuilt the rollups. */
export async function upgradeRollupLayout(log: (line: string) => void): Promise<boolean> {
  const marker = await OnceModel.findById(ROLLUP_LAYOUT_MARKER).lean();
  if (marker?.completedAt) return false;
  const now = new Date();
  if (!(await CaseModel.exists({}))) {
    await dropLegacyRollups();
    if (!marker) await insertOnce(OnceModel, { _id: ROLLUP_LAYOUT_MARKER, startedAt: now, completedAt: now });
    return false;
  }
  if (marker && now.getTime() - marker.startedAt.getTime() < TAKEOVER_MS) return false;
  // Taking over matches the start that was read: of processes taking over at once, one wins.
  const taken = marker
    ? (await OnceModel.updateOne({ _id: ROLLUP_LAYOUT_MARKER, completedAt: null, startedAt: marker.startedAt }, { $set: { startedAt: now } })).modifiedCount === 1
    : await insertOnce(OnceModel, { _id: ROLLUP_LAYOUT_MARKER, startedAt: now });
  if (!taken) return false;
  log('Insight rollups were written in the layout before one document per period: rebuilding them from the records');
  await rebuildRollups(log);
  await dropLegacyRollups();
  await OnceModel.updateOne({ _id: ROLLUP_LAYOUT_MARKER }, { $set: { completedAt: new Date() } });
  return true;
}

async function dropLegacyRollups(): Promise<void> {
  const present = new Set((await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name));
  for (const name of LEGACY_ROLLUP_COLLECTIONS) if (present.has(name)) await mongoose.connection.db!.dropCollection(name);
}
