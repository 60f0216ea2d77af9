/**
 * Rollups are keyed by period (a day or a week) since week documents came in; a database whose
 * rollups were written before is rebuilt from the records once, at start, before live updates
 * begin (a rebuild while they run may count some twice). One process takes the marker; one that
 * died mid-rebuild is taken over once its start is older than TAKEOVER_MS. A database without
 * cases has nothing to rebuild and is marked at once.
 */
import { insertOnce } from '../../db/insertOnce';
import { CaseModel } from '../cases/model';
import { OnceModel } from '../meta/onceModel';
import { rebuildRollups } from './rebuild';

export const ROLLUP_LAYOUT_MARKER = 'insight-rollups-by-period';
const TAKEOVER_MS = 30 * 60_000;

/** Whether this call rebuilt the rollups. */
export async function upgradeRollupLayout(log: (line: string) => void): Promise<boolean> {
  const marker = await OnceModel.findById(ROLLUP_LAYOUT_MARKER).lean();
  if (marker?.completedAt) return false;
  const now = new Date();
  if (!(await CaseModel.exists({}))) {
    if (!marker) await insertOnce(OnceModel, { _id: ROLLUP_LAYOUT_MARKER, startedAt: now, completedAt: now });
    return false;
  }
  if (marker && now.getTime() - marker.startedAt.getTime() < TAKEOVER_MS) return false;
  // Taking over matches the start that was read: of processes taking over at once, one wins.
  const taken = marker
    ? (await OnceModel.updateOne({ _id: ROLLUP_LAYOUT_MARKER, completedAt: null, startedAt: marker.startedAt }, { $set: { startedAt: now } })).modifiedCount === 1
    : await insertOnce(OnceModel, { _id: ROLLUP_LAYOUT_MARKER, startedAt: now });
  if (!taken) return false;
  log('Insight rollups were written before week rollups: rebuilding them from the records');
  await rebuildRollups(log);
  await OnceModel.updateOne({ _id: ROLLUP_LAYOUT_MARKER }, { $set: { completedAt: new Date() } });
  return true;
}
