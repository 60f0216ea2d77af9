import type { PersonRef } from '@refute/shared';
import { escapeRegExp } from '../../text/searchPattern';
import { UserModel, type UserRecord } from './model';

const MENTIONABLE_LISTED = 20;


/** Active reviewers and leads whose name contains `query`, for the @-mention picker. */
export async function findMentionable(query: string): Promise<PersonRef[]> {
  const filter: Record<string, unknown> = { roles: { $in: ['reviewer', 'lead'] }, disabled: { $ne: true } };
  if (query) filter.name = { $regex: escapeRegExp(query), $options: 'i' };
  const users = await UserModel.find(filter, { name: 1 }).sort({ name: 1, _id: 1 }).limit(MENTIONABLE_LISTED).lean<UserRecord[]>();
  return users.map((user) => ({ id: String(user._id), name: user.name }));
}
