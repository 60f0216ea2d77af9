import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { ExpertProfileModel, type ExpertProfileRecord } from './model';

/** How many recent response times a profile keeps for its median. */
export const RESPONSES_KEPT = 20;

/** The whole pool: hundreds of people, read at once. */
export async function allProfiles(): Promise<ExpertProfileRecord[]> {
  return ExpertProfileModel.find({}).lean<ExpertProfileRecord[]>();
}

export async function profileOf(userId: string | Types.ObjectId): Promise<ExpertProfileRecord | null> {
  return ExpertProfileModel.findOne({ userId: new Types.ObjectId(String(userId)) }).lean<ExpertProfileRecord>();
}

/** Writes the profile's fields: inserted under the unique `userId`, else updated. True when it was new. */
export async function writeProfile(userId: Types.ObjectId, fields: Partial<ExpertProfileRecord>): Promise<boolean> {
  try {
    await ExpertProfileModel.create({ ...fields, userId });
    domainEvents.emit('pool.changed', String(userId));
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  await ExpertProfileModel.updateOne({ userId }, { $set: fields });
  domainEvents.emit('pool.changed', String(userId));
  return false;
}

export async function setLeave(userId: string, leave: ExpertProfileRecord['leave']): Promise<void> {
  await ExpertProfileModel.updateOne({ userId: new Types.ObjectId(userId) }, { $set: { leave } });
  domainEvents.emit('pool.changed', userId);
}

export async function setDirectAssignment(userId: string, directAssignment: boolean): Promise<void> {
  await ExpertProfileModel.updateOne({ userId: new Types.ObjectId(userId) }, { $set: { directAssignment } });
  domainEvents.emit('pool.changed', userId);
}

/**
 * Adds one response time. A statistic only: two answers at once may keep one of the two, which
 * moves a median by nothing that matters, so a plain read and write will do.
 */
export async function addResponseMinutes(userId: string, minutes: number): Promise<void> {
  const profile = await profileOf(userId);
  if (!profile) return;
  const kept = [...(profile.responseMinutes ?? []), minutes].slice(-RESPONSES_KEPT);
  await ExpertProfileModel.updateOne({ _id: profile._id }, { $set: { responseMinutes: kept } });
  domainEvents.emit('pool.changed', userId);
}
