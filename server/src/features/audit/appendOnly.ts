import type { Schema } from 'mongoose';

const MUTATING_QUERIES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;

/** Makes mongoose refuse to change or delete documents of a collection once written. */
export function appendOnly(schema: Schema, name: string): void {
  for (const operation of MUTATING_QUERIES) {
    schema.pre(operation, function refuse() {
      throw new Error(`${name} are append-only: ${operation} is not allowed`);
    });
  }
}
