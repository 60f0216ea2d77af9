import { z } from 'zod';
import { API_KEY_SCOPES } from '../enums';

/** Requests a key may make per minute unless its admin chose otherwise. */
export const API_KEY_DEFAULT_PER_MINUTE = 6000;
/** The longest a rotated key keeps working beside its successor. */
export const API_KEY_MAX_GRACE_HOURS = 24 * 7;

const scopesSchema = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .max(API_KEY_SCOPES.length)
  .transform((scopes) => [...new Set(scopes)]);

export const apiKeyCreateSchema = z.strictObject({
  label: z.string().trim().min(1).max(80),
  scopes: scopesSchema,
  /** Requests per minute this key may make, counted across every server process. */
  perMinute: z.number().int().min(1).max(100_000).default(API_KEY_DEFAULT_PER_MINUTE),
});
export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;

/** Rotating issues a successor; the old key keeps working for `graceHours` (0: stops at once). */
export const apiKeyRotateSchema = z.strictObject({
  graceHours: z.number().min(0).max(API_KEY_MAX_GRACE_HOURS),
});
export type ApiKeyRotate = z.infer<typeof apiKeyRotateSchema>;


export const apiKeyViewSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** The public part of the key (`rf_<prefix>_…`), to tell keys apart. */
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  perMinute: z.number().int(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** A rotated key stops working at this time. */
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

/** Only the answers to create and rotate carry the key itself. */
export const apiKeyWithSecretSchema = apiKeyViewSchema.extend({ key: z.string() });
export type ApiKeyWithSecret = z.infer<typeof apiKeyWithSecretSchema>;
