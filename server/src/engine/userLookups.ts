/**
 * People by id with some of their fields (names for a page, notification choices for a notice).
 * MongoDB answers one `$in` from `_id`. FerretDB v1 does not push `$in` down, so it would read
 * every account for each notice: there each id is one lookup by `_id` (served by its index), a
 * few at a time.
 */
import { Types } from 'mongoose';
import { UserModel, type UserRecord } from '../features/users/model';
import { lookupEach } from './lookupEach';

export interface UserLookups {
  byIds(ids: readonly string[], fields: Record<string, 1>): Promise<UserRecord[]>;
}

export const mongodbUserLookups: UserLookups = {
  async byIds(ids, fields) {
    if (ids.length === 0) return [];
    return UserModel.find({ _id: { $in: ids } }, fields).lean<UserRecord[]>();
  },
};

export const localEngineUserLookups: UserLookups = {
  async byIds(ids, fields) {
    const wanted = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
    return lookupEach(wanted, (id) => UserModel.findById(id, fields).lean<UserRecord>());
  },
};
