import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Types } from 'mongoose';
import { API_KEY_DEFAULT_PER_MINUTE, type ApiKeyScope } from '@refute/shared';
import { insertOnce } from '../../db/insertOnce';
import { ApiKeyModel } from './model';

/** `rf_<prefix>_<secret>`: the prefix finds the key, the secret proves it. */
const KEY_PATTERN = /^rf_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,200})$/;

/** How stale `lastUsedAt` may get before a request writes it again. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

export function generateApiKey(): string {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return `rf_${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** Stores a key (given or new) for an organisation, keeping only the hash of its secret. */
export async function issueApiKey(options: {
  orgId: Types.ObjectId;
  scopes: ApiKeyScope[];
  label: string;
  perMinute?: number;
  key?: string;
}): Promise<{ key: string; id: Types.ObjectId }> {
  const key = options.key ?? generateApiKey();
  const parts = KEY_PATTERN.exec(key);
  if (!parts) throw new Error('Malformed API key');
  const secretHash = hashSecret(parts[2]!).toString('hex');
  await insertOnce(ApiKeyModel, {
    orgId: options.orgId,
    prefix: parts[1],
    secretHash,
    scopes: options.scopes,
    label: options.label,
    ...(options.perMinute ? { perMinute: options.perMinute } : {}),
  });
  // Ensuring a key that exists with another secret rotates it to the new secret.
  await ApiKeyModel.updateOne({ prefix: parts[1], secretHash: { $ne: secretHash } }, { $set: { secretHash } });
  const record = await ApiKeyModel.findOne({ prefix: parts[1] }, { _id: 1 }).lean();
  return { key, id: record!._id };
}

export interface AuthenticatedKey {
  id: Types.ObjectId;
  orgId: Types.ObjectId;
  scopes: ApiKeyScope[];
  perMinute: number;
}

/**
 * The key's record when the key is valid now: not revoked, not past the grace period of a
 * rotation. Read from the database on every request, so a revocation holds at once on every
 * server process.
 */
export async function authenticateApiKey(key: string, now = new Date()): Promise<AuthenticatedKey | null> {
  const parts = KEY_PATTERN.exec(key);
  if (!parts) return null;
  const record = await ApiKeyModel.findOne({ prefix: parts[1], revokedAt: null }).lean();
  if (!record) return null;
  const expected = Buffer.from(record.secretHash, 'hex');
  const actual = hashSecret(parts[2]!);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  if (record.expiresAt && record.expiresAt <= now) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // A plain overwrite: of concurrent requests any one may win, each writes a time within the minute.
    await ApiKeyModel.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } });
  }
  return { id: record._id, orgId: record.orgId, scopes: [...record.scopes], perMinute: record.perMinute ?? API_KEY_DEFAULT_PER_MINUTE };
}
