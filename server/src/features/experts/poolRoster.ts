/**
 * Who is in the pool, as routing reads it for every case it ranks: the profiles and their
 * accounts, kept per process. A change this process makes to one person (`pool.changed` with their
 * id: a profile saved, leave set, a response time kept, an account edited or disabled) re-reads
 * that person's entry before the copy is used again; a change to many (`pool.changed` with null:
 * an import) drops the copy. One made by another process comes the same way through the index
 * feed, within a poll of it (`poolAcrossProcesses.ts`), and at the latest when the copy is older
 * than ROSTER_TTL_MS. Loads are not part of it:
 * they are read fresh for each ranking, and checked again when a case is given to an expert
 * (`seats.ts`).
 */
import { backgroundLogger } from '../../logger';
import { domainEvents } from '../../realtime/domainEvents';
import { UserModel, type UserRecord } from '../users/model';
import type { ExpertProfileRecord } from './model';
import { allProfiles, profileOf } from './repository';

export interface RosterEntry {
  profile: ExpertProfileRecord;
  user: Pick<UserRecord, '_id' | 'name' | 'email' | 'orgId' | 'roles' | 'disabled'>;
}

/** How long another process's change to a profile or an account may go unseen by routing here when its feed entry is missed. */
export const ROSTER_TTL_MS = 30_000;

const USER_FIELDS = { name: 1, email: 1, orgId: 1, roles: 1, disabled: 1 } as const;

/** Every profile with its account, read from the database now. */
export async function readRoster(): Promise<RosterEntry[]> {
  const profiles = await allProfiles();
  if (profiles.length === 0) return [];
  const users = await UserModel.find({ _id: { $in: profiles.map((profile) => profile.userId) } }, USER_FIELDS).lean<Array<RosterEntry['user']>>();
  const byId = new Map(users.map((user) => [String(user._id), user]));
  return profiles.flatMap((profile) => {
    const user = byId.get(String(profile.userId));
    return user ? [{ profile, user }] : [];
  });
}

/** One person's entry read now by two lookups by id; null when they have no profile or account. */
async function readEntry(userId: string): Promise<RosterEntry | null> {
  const [profile, user] = await Promise.all([profileOf(userId), UserModel.findById(userId, USER_FIELDS).lean<RosterEntry['user']>()]);
  return profile && user ? { profile, user } : null;
}

let copy: { entries: RosterEntry[]; readAt: number } | null = null;
let reading: Promise<RosterEntry[]> | null = null;
/** Bumped by every change that drops the copy: a whole read that began before one is not kept. */
let generation = 0;
/** People whose entry changed since the copy was read, re-read before it is used. */
const changed = new Set<string>();
/** How many times the whole roster was read from the database (for tests and the simulation). */
let reads = 0;

/** Marks one person's entry to be read again (null: everyone's, the copy is dropped). */
export function forgetPoolEntry(userId: string | null): void {
  if (userId !== null && (copy || reading)) {
    changed.add(userId);
    return;
  }
  generation += 1;
  copy = null;
  reading = null;
  changed.clear();
}

domainEvents.on('pool.changed', forgetPoolEntry);
// A disabled account leaves the pool at once.
domainEvents.on('user.disabled', () => domainEvents.emit('pool.changed', null));

/**
 * The roster from this process's copy, read again when it is older than the TTL or was dropped.
 * With `staleWhileRefreshing` (figures shown to a person, not decisions): a copy past the TTL is
 * answered at once and read again in the background, one read at a time, a failed read logged
 * and the old copy kept; only a process that has no copy yet waits for the read.
 */
export async function cachedRoster(options: { staleWhileRefreshing?: boolean } = {}): Promise<RosterEntry[]> {
  if (copy && Date.now() - copy.readAt < ROSTER_TTL_MS) return changed.size === 0 ? copy.entries : patchChanged(copy);
  if (copy && options.staleWhileRefreshing) {
    if (!reading) readWhole({ clearChanged: false }).catch((error: unknown) => backgroundLogger().error({ err: error }, 'the pool roster could not be read again; its copy is kept'));
    return changed.size === 0 ? copy.entries : patchChanged(copy);
  }
  return reading ?? readWhole({ clearChanged: true });
}

/**
 * Reads the whole roster into the copy. A read that a caller waits for takes the place of every
 * pending change; one made while a stale copy is still answered leaves them marked, so the copy
 * answered meanwhile is patched and so is the new one.
 */
function readWhole(options: { clearChanged: boolean }): Promise<RosterEntry[]> {
  if (options.clearChanged) changed.clear();
  const started = generation;
  const readAt = Date.now();
  reads += 1;
  const read = readRoster().then(
    (entries) => {
      if (generation === started) copy = { entries, readAt };
      if (reading === read) reading = null;
      return entries;
    },
    (error: unknown) => {
      if (reading === read) reading = null;
      throw error;
    },
  );
  reading = read;
  return read;
}

/**
 * Re-reads the entries of the people changed since the copy was read and puts them in its place.
 * A person changed again while this reads stays marked and is read once more next time.
 */
async function patchChanged(current: { entries: RosterEntry[]; readAt: number }): Promise<RosterEntry[]> {
  const ids = [...changed];
  // A whole read under way may have begun before these changes: they stay marked for the copy it makes.
  if (!reading) changed.clear();
  const fresh = await Promise.all(ids.map(readEntry));
  const replaced = new Set(ids);
  const entries = [...current.entries.filter((entry) => !replaced.has(String(entry.profile.userId))), ...fresh.filter((entry) => entry !== null)];
  // Kept only if the copy was not dropped meanwhile.
  if (copy === current) copy = { entries, readAt: current.readAt };
  return entries;
}

/** How many times this process has read the roster from the database. */
export const rosterReads = () => reads;
