/**
 * One HTTP POST of a webhook: the host is resolved once, every address checked, and the
 * connection made to the checked address (no second lookup a DNS answer could change).
 * Redirects are not followed; 10 s timeout; at most 64 KiB of the answer is read.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isForbiddenAddress } from './addressPolicy';

export const SEND_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendResult {
  /** The status the endpoint answered, or null when it was not reached. */
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

interface Resolved {
  address: string;
  family: number;
}

/** Refused addresses are an error naming them; the caller logs it as the attempt's outcome. */
class RefusedAddress extends Error {}

/** The lookup counts against the same 10 s: a resolver that never answers must not hold the worker. */
function withinTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), SEND_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function resolveChecked(hostname: string, allowPrivate: boolean): Promise<Resolved[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  const addresses = family ? [{ address: bare, family }] : await withinTimeout(dnsLookup(bare, { all: true, verbatim: true }), `${bare} did not resolve within ${SEND_TIMEOUT_MS / 1000} s`);
  if (addresses.length === 0) throw new Error(`${bare} did not resolve`);
  if (!allowPrivate) {
    const refused = addresses.find((entry) => isForbiddenAddress(entry.address));
    if (refused) throw new RefusedAddress(`refused: ${bare} resolves to ${refused.address}, a private or special address`);
  }
  return addresses;
}

/** Hands the connection the addresses already checked instead of resolving again. */
function pinnedLookup(addresses: Resolved[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

export async function sendWebhook(url: string, headers: Record<string, string>, body: string, allowPrivate: boolean): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  let addresses: Resolved[];
  try {
    target = new URL(url);
    addresses = await resolveChecked(target.hostname, allowPrivate);
  } catch (error) {
    return { responseCode: null, latencyMs: elapsed(), error: error instanceof Error ? error.message : String(error) };
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Refute-Webhooks/1' },
        lookup: pinnedLookup(addresses),
        timeout: SEND_TIMEOUT_MS,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      },
      (response) => {
        const code = response.statusCode ?? null;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          // The answer is only logged by its status: stop reading past the limit.
          if (read > MAX_RESPONSE_BYTES) {
            response.destroy();
            finish({ responseCode: code, error: null });
          }
        });
        response.on('end', () => finish({ responseCode: code, error: null }));
        response.on('error', () => finish({ responseCode: code, error: null }));
        response.on('close', () => finish({ responseCode: code, error: null }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${SEND_TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => finish({ responseCode: null, error: error.message }));
    request.end(body);
  });
}
