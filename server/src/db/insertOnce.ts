import { isDuplicateKeyError } from '../http/errors';

/**
 * Inserts a document unless a unique index already holds one like it; true when this call
 * inserted it. Used instead of an upsert with $setOnInsert because FerretDB v1 drops empty
 * arrays from $setOnInsert.
 */
export async function insertOnce(model: { create(doc: never): Promise<unknown> }, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await model.create(doc as never);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Inserts documents in one write, each unless a unique index already holds one like it;
 * returns how many this call inserted. Unordered: a refused document does not stop the others.
 */
export async function insertEachOnce(model: { insertMany(docs: never, options: { ordered: false }): Promise<unknown> }, docs: Array<Record<string, unknown>>): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    await model.insertMany(docs as never, { ordered: false });
    return docs.length;
  } catch (error) {
    const refused = (error as { writeErrors?: unknown[] }).writeErrors;
    if (refused ? !refused.every(isDuplicateKeyError) : !isDuplicateKeyError(error)) throw error;
    return docs.length - (refused?.length ?? 1);
  }
}

/**
 * Like `insertEachOnce`, but says which: entry i is true when this call inserted `docs[i]`. The
 * documents go to the driver as given (already cast), so a refusal's index is the caller's index.
 */
export async function insertEachOnceWhich(model: { collection: { insertMany(docs: never, options: { ordered: false }): Promise<unknown> } }, docs: Array<Record<string, unknown>>): Promise<boolean[]> {
  const inserted = docs.map(() => true);
  if (docs.length === 0) return inserted;
  try {
    await model.collection.insertMany(docs as never, { ordered: false });
  } catch (error) {
    const refused = (error as { writeErrors?: Array<{ index: number; code?: unknown }> }).writeErrors;
    if (!refused || !refused.every(isDuplicateKeyError)) throw error;
    for (const entry of refused) inserted[entry.index] = false;
  }
  return inserted;
}
