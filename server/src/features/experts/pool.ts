/** The pool as routing and the pool page see it: each profile with its person and load. */
import { hasRole } from '@refute/shared';
import { UserModel, type UserRecord } from '../users/model';
import { provinceOf } from '../regions/regions';
import type { ExpertFacts } from '../routing/ranking';
import { onLeaveUntil } from './availability';
import { openCasesByExpert } from './load';
import { readRoster, type RosterEntry } from './poolRoster';

export interface PoolMember extends RosterEntry {
  openCases: number;
}

/** Whether the account may review: enabled and with the reviewer role. */
export const mayReview = (user: Pick<UserRecord, 'roles' | 'disabled'>) => !user.disabled && hasRole(user.roles, 'reviewer');

/**
 * Every profile whose person may review, with their open cases read now. `roster` says where the
 * profiles and accounts come from: the database (the pool page) or this process's copy (routing).
 */
export async function poolMembers(roster: () => Promise<RosterEntry[]> = readRoster): Promise<PoolMember[]> {
  const entries = (await roster()).filter((entry) => mayReview(entry.user));
  if (entries.length === 0) return [];
  const loads = await openCasesByExpert(entries.map((entry) => String(entry.profile.userId)));
  return entries.map((entry) => ({ ...entry, openCases: loads.get(String(entry.profile.userId)) ?? 0 }));
}

/** What the ranking needs of a member. */
export function factsOf(member: PoolMember, now: Date): ExpertFacts {
  const { profile } = member;
  return {
    userId: String(member.user._id),
    name: member.user.name,
    domains: profile.domains,
    keywords: profile.keywords ?? [],
    region: { code: profile.region, province: provinceOf(profile.region) },
    languages: profile.languages,
    capacity: profile.capacity,
    openCases: member.openCases,
    onLeaveUntil: onLeaveUntil(profile.leave ?? [], now),
    onCall: Boolean(profile.onCall),
    directAssignment: Boolean(profile.directAssignment),
    responseMinutes: profile.responseMinutes ?? [],
  };
}

/** People with the reviewer role who have no profile yet. */
export async function reviewersWithoutProfile(withProfile: ReadonlySet<string>): Promise<Array<Pick<UserRecord, '_id' | 'name' | 'email'>>> {
  const reviewers = await UserModel.find({ roles: 'reviewer' }, { name: 1, email: 1, disabled: 1 }).lean<UserRecord[]>();
  return reviewers.filter((user) => !user.disabled && !withProfile.has(String(user._id)));
}

