/**
 * People by id with some of their fields (names for a page, notification choices for a notice).
 * MongoDB answers one `$in` from `_id`. FerretDB v1 does not push `$in` down, so it would read
 * every account for each notice: there each id is one lookup by `_id` (served by its index), a
 * few at a time.
 */
import { Types } from 'mongoose';
import { UserModel, type UserRecord } from '../features/users/model';

export interface UserLookups {
  byIds(ids: readonly string[], fields: Record<string, 1>): Promise<UserRecord[]>;
}

const LOOKUPS_AT_ONCE = 16;

export const mongodbUserLookups: UserLookups = {
  async byIds(ids, fields) {
    if (ids.length === 0) return [];
    return UserModel.find({ _id: { $in: ids } }, fields).lean<UserRecord[]>();
  },
};

export const localEngineUserLookups: UserLookups = {
  async byIds(ids, fields) {
    const wanted = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
    const found: UserRecord[] = [];
    for (let from = 0; from < wanted.length; from += LOOKUPS_AT_ONCE) {
      const users = await Promise.all(wanted.slice(from, from + LOOKUPS_AT_ONCE).map((id) => UserModel.findById(id, fields).lean<UserRecord>()));
      for (const user of users) if (user) found.push(user);
    }
    return found;
  },
};
