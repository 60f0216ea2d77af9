/**
 * Who is in the pool, as routing reads it for every case it ranks: the profiles and their
 * accounts, kept per process. A change this process makes (`pool.changed`: a profile saved, leave
 * set, a response time kept, an account edited or disabled) drops the copy at once; one made by
 * another process is seen when the copy is older than ROSTER_TTL_MS. Loads are not part of it:
 * they are read fresh for each ranking, and checked again when a case is given to an expert
 * (`seats.ts`).
 */
import { domainEvents } from '../../realtime/domainEvents';
import { UserModel, type UserRecord } from '../users/model';
import type { ExpertProfileRecord } from './model';
import { allProfiles } from './repository';

export interface RosterEntry {
  profile: ExpertProfileRecord;
  user: Pick<UserRecord, '_id' | 'name' | 'email' | 'orgId' | 'roles' | 'disabled'>;
}

/** How long another process's change to a profile or an account may go unseen by routing here. */
export const ROSTER_TTL_MS = 30_000;

/** Every profile with its account, read from the database now. */
export async function readRoster(): Promise<RosterEntry[]> {
  const profiles = await allProfiles();
  if (profiles.length === 0) return [];
  const users = await UserModel.find(
    { _id: { $in: profiles.map((profile) => profile.userId) } },
    { name: 1, email: 1, orgId: 1, roles: 1, disabled: 1 },
  ).lean<Array<RosterEntry['user']>>();
  const byId = new Map(users.map((user) => [String(user._id), user]));
  return profiles.flatMap((profile) => {
    const user = byId.get(String(profile.userId));
    return user ? [{ profile, user }] : [];
  });
}

let copy: { entries: RosterEntry[]; readAt: number } | null = null;
let reading: Promise<RosterEntry[]> | null = null;
/** Bumped by every change: a read that began before one is not kept. */
let generation = 0;
/** How many times the roster was read from the database (for tests and the simulation). */
let reads = 0;

domainEvents.on('pool.changed', () => {
  generation += 1;
  copy = null;
  reading = null;
});
// A disabled account leaves the pool at once.
domainEvents.on('user.disabled', () => domainEvents.emit('pool.changed', null));

/** The roster from this process's copy, read again when it is older than the TTL or was dropped. */
export async function cachedRoster(): Promise<RosterEntry[]> {
  if (copy && Date.now() - copy.readAt < ROSTER_TTL_MS) return copy.entries;
  if (!reading) {
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
  }
  return reading;
}

/** How many times this process has read the roster from the database. */
export const rosterReads = () => reads;
