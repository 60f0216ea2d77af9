import type { Types } from 'mongoose';
import type { NotificationKind, Role, Topic } from '@refute/shared';
import { insertOnce } from '../../db/insertOnce';
import { hashPassword } from '../auth/passwords';
import { engine } from '../../engine';
import { UserModel, type UserRecord } from './model';

export interface UserInput {
  orgId: Types.ObjectId;
  email: string;
  name: string;
  password: string;
  roles: Role[];
  domains?: Topic[];
}

/** Creates the user unless one with the email exists (an existing password is kept). */
export async function ensureUser(input: UserInput): Promise<UserRecord> {
  const email = input.email.toLowerCase();
  await insertOnce(UserModel, {
    orgId: input.orgId,
    email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
    roles: input.roles,
    domains: input.domains ?? [],
  });
  const record = await UserModel.findOne({ email }).lean<UserRecord>();
  return record!;
}

/** The users with these ids (those that exist), with only the fields asked for. */
export async function findUsersByIds(ids: readonly string[], fields: Record<string, 1>): Promise<UserRecord[]> {
  return engine().users.byIds(ids, fields);
}

export async function findUserById(id: string | Types.ObjectId): Promise<UserRecord | null> {
  return UserModel.findById(id).lean<UserRecord>();
}

/** The names of these users, by id (those that exist). */
export async function userNames(ids: readonly string[]): Promise<Record<string, string>> {
  const users = await findUsersByIds([...new Set(ids)], { name: 1 });
  return Object.fromEntries(users.map((user) => [String(user._id), user.name]));
}

/** Of these people, those who chose not to get this kind of notification. */
export async function peopleMuting(ids: readonly string[], kind: NotificationKind): Promise<Set<string>> {
  const people = await findUsersByIds(ids, { mutedNotifications: 1 });
  return new Set(people.filter((person) => (person.mutedNotifications ?? []).includes(kind)).map((person) => String(person._id)));
}

export async function mutedNotificationsOf(userId: string): Promise<NotificationKind[]> {
  const person = await UserModel.findById(userId, { mutedNotifications: 1 }).lean<UserRecord>();
  return [...(person?.mutedNotifications ?? [])];
}

export async function setMutedNotifications(userId: string, muted: readonly NotificationKind[]): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { mutedNotifications: [...new Set(muted)] } });
}

/** The ids of the people with this role whose account is enabled: all of them, or those of one organisation. */
export async function activeIdsWithRole(role: Role, orgId?: Types.ObjectId | string): Promise<string[]> {
  const people = await UserModel.find({ roles: role, ...(orgId ? { orgId } : {}) }, { disabled: 1 }).lean<UserRecord[]>();
  return people.filter((person) => !person.disabled).map((person) => String(person._id));
}

/** The ids of the leads whose account is enabled: all of them, or those of one organisation. */
export const activeLeadIds = (orgId?: Types.ObjectId | string): Promise<string[]> => activeIdsWithRole('lead', orgId);
