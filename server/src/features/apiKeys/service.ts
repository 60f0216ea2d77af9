/** An organisation's admins manage its API keys: issue, list, rotate with a grace period, revoke. */
import { Types } from 'mongoose';
import type { ApiKeyCreate, ApiKeyRotate, ApiKeyView, ApiKeyWithSecret } from '@refute/shared';
import { conflict, notFound } from '../../http/errors';
import { recordAudit, type Actor } from '../audit/service';
import { issueApiKey } from './keys';
import { ApiKeyModel, type ApiKeyRecord } from './model';
import { presentApiKey } from './presenter';

type StoredKey = ApiKeyRecord & { createdAt: Date };

const audit = (action: string, actor: Actor, id: Types.ObjectId, data?: Record<string, unknown>) =>
  recordAudit({ action, actor, subject: { kind: 'api_key', id: String(id) }, ...(data ? { data } : {}) });

async function storedKey(orgId: Types.ObjectId, id: string | Types.ObjectId): Promise<StoredKey> {
  // Another organisation's key is not found, rather than forbidden: its existence is not told.
  const record = await ApiKeyModel.findOne({ _id: new Types.ObjectId(id), orgId }).lean<StoredKey>();
  if (!record) throw notFound('API key');
  return record;
}

export async function createApiKey(orgId: Types.ObjectId, actor: Actor, input: ApiKeyCreate): Promise<ApiKeyWithSecret> {
  const { key, id } = await issueApiKey({ orgId, scopes: input.scopes, label: input.label, perMinute: input.perMinute });
  await audit('api_key.created', actor, id, { label: input.label, scopes: input.scopes, perMinute: input.perMinute });
  return { ...presentApiKey(await storedKey(orgId, id)), key };
}

/** Every key of the organisation, newest first, revoked ones included (their history stays visible). */
export async function listApiKeys(orgId: Types.ObjectId): Promise<ApiKeyView[]> {
  const records = await ApiKeyModel.find({ orgId }).sort({ createdAt: -1 }).lean<StoredKey[]>();
  return records.map(presentApiKey);
}

/**
 * Issues a successor with the same label, scopes and limit; the old key keeps working for the
 * grace period (its end is shown), so a platform can deploy the new key without an outage.
 */
export async function rotateApiKey(orgId: Types.ObjectId, actor: Actor, id: string, input: ApiKeyRotate, now = new Date()): Promise<ApiKeyWithSecret> {
  const old = await storedKey(orgId, id);
  if (old.revokedAt) throw conflict('api_key_revoked', 'A revoked key cannot be rotated');
  if (old.expiresAt) throw conflict('api_key_rotated', 'This key was already rotated; rotate its successor');
  const { key, id: successorId } = await issueApiKey({ orgId, scopes: old.scopes, label: old.label, ...(old.perMinute ? { perMinute: old.perMinute } : {}) });
  const expiresAt = new Date(now.getTime() + input.graceHours * 3_600_000);
  await ApiKeyModel.updateOne({ _id: old._id, orgId }, { $set: { expiresAt } });
  await audit('api_key.rotated', actor, old._id, { successorId: String(successorId), expiresAt: expiresAt.toISOString() });
  return { ...presentApiKey(await storedKey(orgId, successorId)), key };
}

/** A revoked key is refused from the next request on, by every server process (keys are read per request). */
export async function revokeApiKey(orgId: Types.ObjectId, actor: Actor, id: string, now = new Date()): Promise<ApiKeyView> {
  const record = await storedKey(orgId, id);
  if (record.revokedAt) return presentApiKey(record);
  await ApiKeyModel.updateOne({ _id: record._id, orgId }, { $set: { revokedAt: now } });
  await audit('api_key.revoked', actor, record._id);
  return presentApiKey(await storedKey(orgId, id));
}
