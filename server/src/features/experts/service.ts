/**
 * The expert pool: leads and admins list, create and edit profiles; an expert changes only their
 * own leave. Every change is audited with the fields before and after.
 */
import { Types } from 'mongoose';
import type { ExpertListQuery, ExpertPool, ExpertProfileUpdate, ExpertView, LeavePeriod, SessionUser } from '@refute/shared';
import { badRequest, notFound, unprocessable } from '../../http/errors';
import { recordAudit, type Actor } from '../audit/service';
import { organisationNames } from '../organisations/repository';
import { isKnownRegion, isWithinRegion } from '../regions/regions';
import { UserModel, type UserRecord } from '../users/model';
import { median, onLeaveUntil } from './availability';
import type { ExpertProfileRecord } from './model';
import { mayReview, poolMembers, reviewersWithoutProfile, type PoolMember } from './pool';
import { profileOf, setDirectAssignment, setLeave, writeProfile } from './repository';

const actorOf = (user: SessionUser): Actor => ({ kind: 'user', id: user.id, orgId: user.orgId });

function leaveOf(profile: Pick<ExpertProfileRecord, 'leave'>): LeavePeriod[] {
  return (profile.leave ?? []).map((period) => ({ from: period.from, to: period.to, ...(period.note ? { note: period.note } : {}) }));
}

async function present(members: PoolMember[], now: Date): Promise<ExpertView[]> {
  const orgNames = await organisationNames([...new Set(members.map((member) => String(member.user.orgId)))]);
  return members.map(({ profile, user, openCases }) => {
    const until = onLeaveUntil(profile.leave ?? [], now);
    return {
      userId: String(user._id),
      name: user.name,
      email: user.email,
      orgId: String(user.orgId),
      orgName: orgNames[String(user.orgId)] ?? null,
      ...profileFieldsOf(profile),
      availableNow: until === null,
      onLeaveUntil: until,
      openCases,
      medianResponseMinutes: median(profile.responseMinutes ?? []),
    };
  });
}

function matches(view: ExpertView, query: ExpertListQuery): boolean {
  if (query.domain && !view.domains.includes(query.domain)) return false;
  if (query.region && !isWithinRegion(view.region, query.region)) return false;
  if (query.availability && view.availableNow !== (query.availability === 'now')) return false;
  if (query.load && view.openCases < view.capacity !== (query.load === 'free')) return false;
  if (query.q) {
    const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
    const haystack = [view.name, view.email, view.title, ...view.keywords].join(' ').toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/** The pool filtered as asked, by name; and the reviewers still without a profile. */
export async function listExperts(query: ExpertListQuery, now = new Date()): Promise<ExpertPool> {
  const members = await poolMembers();
  const views = (await present(members, now)).filter((view) => matches(view, query));
  views.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const without = await reviewersWithoutProfile(new Set(members.map((member) => String(member.user._id))));
  return {
    items: views,
    withoutProfile: without.map((user) => ({ id: String(user._id), name: user.name, email: user.email })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  };
}

async function viewOf(userId: string, now = new Date()): Promise<ExpertView> {
  const member = (await poolMembers()).find((candidate) => String(candidate.user._id) === userId);
  if (!member) throw notFound('Expert profile');
  return (await present([member], now))[0]!;
}

export async function expertProfile(userId: string): Promise<ExpertView> {
  return viewOf(userId.toLowerCase());
}

const PROFILE_FIELDS = ['domains', 'keywords', 'title', 'credentials', 'region', 'languages', 'capacity', 'leave', 'onCall', 'directAssignment'] as const;

type Comparable = Record<(typeof PROFILE_FIELDS)[number], unknown>;

/** A profile's editable fields as the API shows them (and as its audit events compare them). */
function profileFieldsOf(profile: ExpertProfileRecord) {
  return {
    domains: [...profile.domains],
    keywords: [...(profile.keywords ?? [])],
    title: profile.title ?? '',
    credentials: profile.credentials ?? '',
    region: profile.region,
    languages: [...profile.languages],
    capacity: profile.capacity,
    leave: leaveOf(profile),
    onCall: Boolean(profile.onCall),
    directAssignment: Boolean(profile.directAssignment),
  };
}

function comparableOf(profile: ExpertProfileRecord | null): Comparable | null {
  return profile ? profileFieldsOf(profile) : null;
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

/** Creates or replaces the profile of a reviewer, by their account; audited with what changed. */
export async function saveExpertProfile(actor: SessionUser, user: Pick<UserRecord, '_id' | 'roles' | 'disabled'>, input: ExpertProfileUpdate): Promise<SaveOutcome> {
  if (!mayReview(user)) throw unprocessable('not_reviewer', 'Only an enabled account with the reviewer role can have an expert profile');
  if (!isKnownRegion(input.region)) throw badRequest('unknown_region', `Unknown region ${input.region}`);
  const before = comparableOf(await profileOf(user._id));
  const after: Comparable = { ...input, keywords: [...new Set(input.keywords)], domains: [...new Set(input.domains)], languages: [...new Set(input.languages)] };
  const changed = PROFILE_FIELDS.filter((field) => JSON.stringify(after[field]) !== JSON.stringify(before?.[field]));
  if (before && changed.length === 0) return 'unchanged';
  const created = await writeProfile(user._id, after as Partial<ExpertProfileRecord>);
  await recordAudit({
    action: created ? 'expert.profile_created' : 'expert.profile_updated',
    actor: actorOf(actor),
    subject: { kind: 'user', id: user._id },
    data: { changes: Object.fromEntries(changed.map((field) => [field, { old: before?.[field] ?? null, new: after[field] }])) },
  });
  return created ? 'created' : 'updated';
}

/** A lead or an admin saves the profile of the person `userId`. */
export async function saveProfileOf(actor: SessionUser, userId: string, input: ExpertProfileUpdate): Promise<ExpertView> {
  const user = await UserModel.findById(userId, { roles: 1, disabled: 1 }).lean<UserRecord>();
  if (!user) throw notFound('User');
  await saveExpertProfile(actor, user, input);
  return viewOf(String(user._id));
}

/**
 * An expert changes one setting of their own profile, and nothing else of it: written and
 * audited (old and new value) only when it differs from what is stored.
 */
async function changeOwnSetting<T>(
  user: SessionUser,
  action: string,
  setting: { read(profile: ExpertProfileRecord): T; write(userId: string, value: T): Promise<void> },
  value: T,
): Promise<ExpertView> {
  const profile = await profileOf(user.id);
  if (!profile) throw notFound('Expert profile');
  const before = setting.read(profile);
  if (JSON.stringify(before) !== JSON.stringify(value)) {
    await setting.write(user.id, value);
    await recordAudit({ action, actor: actorOf(user), subject: { kind: 'user', id: new Types.ObjectId(user.id) }, data: { old: before, new: value } });
  }
  return viewOf(user.id);
}

/** An expert changes their own leave. */
export const setOwnAvailability = (user: SessionUser, leave: LeavePeriod[]): Promise<ExpertView> =>
  changeOwnSetting(user, 'expert.availability_changed', { read: leaveOf, write: setLeave }, leave);

/** An expert opts in to or out of direct assignment (routing gives them a case it would offer them at once). */
export const setOwnDirectAssignment = (user: SessionUser, directAssignment: boolean): Promise<ExpertView> =>
  changeOwnSetting(user, 'expert.direct_assignment_changed', { read: (profile) => Boolean(profile.directAssignment), write: setDirectAssignment }, directAssignment);
