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
