import { OnceModel } from '../meta/onceModel';
import { ApiKeyModel } from './model';

const MARKER = 'api-keys.feed-read.v1';

/**
 * Keys issued before the `feed:read` scope existed were served the feed whatever they held; so
 * that an integration sending its key with feed requests keeps working, they are given the scope
 * (the feed is public: it grants nothing a reader without a key lacks). Once per database, at
 * start before requests; keys issued afterwards hold the scopes they are given. Safe to repeat,
 * so a start interrupted half way does it again.
 */
export async function grantFeedReadToEarlierKeys(): Promise<number> {
  if (await OnceModel.exists({ _id: MARKER, completedAt: { $ne: null } })) return 0;
  await OnceModel.updateOne({ _id: MARKER }, { $setOnInsert: { startedAt: new Date() } }, { upsert: true });
  const result = await ApiKeyModel.updateMany({ scopes: { $ne: 'feed:read' } }, { $addToSet: { scopes: 'feed:read' } });
  await OnceModel.updateOne({ _id: MARKER }, { $set: { completedAt: new Date() } });
  return result.modifiedCount;
}
