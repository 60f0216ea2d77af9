/** Standard Webhooks v1 signatures: HMAC-SHA256 of `id.timestamp.body` under a `whsec_` secret. */
import { createHash, createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The signing key is the base64 part of the secret, decoded. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The headers of one attempt; every secret still valid signs it (old and new during a rotation). */
export function webhookHeaders(secrets: string[], id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => `v1,${signature(secret, id, timestamp, body)}`).join(' '),
  };
}

/** A message id stable per event and endpoint, so a receiver can drop repeats. */
export function deliveryIdFor(endpointId: string, eventKey: string): string {
  return `msg_${createHash('sha256').update(`${endpointId}|${eventKey}`).digest('hex').slice(0, 32)}`;
}
