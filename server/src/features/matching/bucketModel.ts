/** Boot creates the index feed's indexes under this name (db/indexes.ts). */
export { MatchFeedModel as MatchBucketModel } from './feedModel';
