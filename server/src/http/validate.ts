import type { z } from 'zod';
import { badRequest } from './errors';

/** Parses untrusted input with a shared zod schema; a failure is a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      code: issue.code,
      message: issue.message,
    }));
    throw badRequest('validation_failed', `Invalid ${what}`, details);
  }
  return result.data;
}
