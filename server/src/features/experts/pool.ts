/** The pool as routing and the pool page see it: each profile with its person and load. */
import { hasRole } from '@refute/shared';
import { UserModel, type UserRecord } from '../users/model';
import { provinceOf } from '../regions/regions';
import type { ExpertFacts } from '../routing/ranking';
import { onLeaveUntil } from './availability';
import { openCasesByExpert } from './load';
import type { ExpertProfileRecord } from './model';
import { allProfiles } from './repository';

export interface PoolMember {
  profile: ExpertProfileRecord;
  user: Pick<UserRecord, '_id' | 'name' | 'email' | 'orgId' | 'roles' | 'disabled'>;
  openCases: number;
}

/** Whether the account may review: enabled and with the reviewer role. */
export const mayReview = (user: Pick<UserRecord, 'roles' | 'disabled'>) => !user.disabled && hasRole(user.roles, 'reviewer');

/** Every profile whose person may review, with their open cases. */
export async function poolMembers(): Promise<PoolMember[]> {
  const [profiles, loads] = await Promise.all([allProfiles(), openCasesByExpert()]);
  if (profiles.length === 0) return [];
  const users = await UserModel.find(
    { _id: { $in: profiles.map((profile) => profile.userId) } },
    { name: 1, email: 1, orgId: 1, roles: 1, disabled: 1 },
  ).lean<PoolMember['user'][]>();
  const byId = new Map(users.map((user) => [String(user._id), user]));
  return profiles.flatMap((profile) => {
    const user = byId.get(String(profile.userId));
    if (!user || !mayReview(user)) return [];
    return [{ profile, user, openCases: loads.get(String(profile.userId)) ?? 0 }];
  });
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
    responseMinutes: profile.responseMinutes ?? [],
  };
}

/** People with the reviewer role who have no profile yet. */
export async function reviewersWithoutProfile(withProfile: ReadonlySet<string>): Promise<Array<Pick<UserRecord, '_id' | 'name' | 'email'>>> {
  const reviewers = await UserModel.find({ roles: 'reviewer' }, { name: 1, email: 1, disabled: 1 }).lean<UserRecord[]>();
  return reviewers.filter((user) => !user.disabled && !withProfile.has(String(user._id)));
}

