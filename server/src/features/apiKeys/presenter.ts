import { API_KEY_DEFAULT_PER_MINUTE, type ApiKeyScope, type ApiKeyView } from '@refute/shared';
import type { ApiKeyRecord } from './model';

/** Never the hash: the key itself leaves the server only in the answers to create and rotate. */
export function presentApiKey(record: ApiKeyRecord & { createdAt: Date }): ApiKeyView {
  return {
    id: String(record._id),
    label: record.label,
    prefix: record.prefix,
    scopes: [...record.scopes] as ApiKeyScope[],
    perMinute: record.perMinute ?? API_KEY_DEFAULT_PER_MINUTE,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}
