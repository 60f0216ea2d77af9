import { z } from 'zod';

/** A MongoDB ObjectId as it travels in URLs and JSON. */
export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id');

/** Absolute http(s) URL of reasonable length. */
export const httpUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
  .max(2048);

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `?org=` lets a Refute admin act for a platform; everyone else acts for their own organisation. */
export const orgQuerySchema = z.strictObject({ org: objectIdSchema.optional() });
/**
 * A region of China by its GB/T 2260 code (six digits), or `CN` for the whole country (the
 * region of national organisations and platforms).
 */
export const regionCodeSchema = z.string().regex(/^(CN|\d{6})$/, 'must be a six-digit GB/T 2260 code or CN');
export const COUNTRY_REGION = 'CN';

const dayRegex = /^\d{4}-\d{2}-\d{2}$/;
/** A UTC day, `YYYY-MM-DD`, that exists. */
export const daySchema = z
  .string()
  .regex(dayRegex, 'must be a day as YYYY-MM-DD (UTC)')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'must be a real day');


export const idParamsSchema = z.strictObject({ id: objectIdSchema });

/** The body of every error response of the API. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
