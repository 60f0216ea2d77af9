/**
 * A response body prepared once and served many times: its validator (ETag) and its gzip and
 * brotli forms are computed when it is made, so answering a request, or a conditional request
 * with 304, costs no work beyond choosing among them.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import fresh from 'fresh';
import Negotiator from 'negotiator';

/** Brotli is smaller than gzip for text: it wins when the client weighs them alike. */
const ENCODINGS = ['br', 'gzip', 'identity'] as const;
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export interface Representation {
  type: string;
  /** Weak: the gzip, brotli and identity forms are the same representation to a cache. */
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export async function makeRepresentation(body: string, type: string): Promise<Representation> {
  const identity = Buffer.from(body, 'utf8');
  const [gzipped, brotlied] = await Promise.all([
    gzip(identity, { level: zlib.constants.Z_BEST_COMPRESSION }),
    brotli(identity, {
      params: {
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]);
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { type, etag, identity, gzip: gzipped, br: brotlied };
}

/** Headers as node's `writeHead` takes them fastest: name, value, name, value… */
export type RawHeaders = string[];

/** What to answer a request for the representation: 304 when If-None-Match names it, else its best encoding. */
export function answerFor(
  requestHeaders: IncomingHttpHeaders,
  representation: Representation,
  headers: RawHeaders,
): { status: 200 | 304; headers: RawHeaders; body: Buffer | null } {
  if (fresh(requestHeaders, { etag: representation.etag })) return { status: 304, headers, body: null };
  const encoding = new Negotiator({ headers: requestHeaders }).encoding(ENCODINGS, { preferred: ENCODINGS });
  const body = encoding === 'br' ? representation.br : encoding === 'gzip' ? representation.gzip : representation.identity;
  const content = ['Content-Type', representation.type, 'Content-Length', String(body.length)];
  if (encoding === 'br' || encoding === 'gzip') content.push('Content-Encoding', encoding);
  return { status: 200, headers: [...headers, ...content], body };
}

/** The validator and caching headers every answer for the representation carries. */
export function cachingHeaders(representation: Representation, cacheControl: string): RawHeaders {
  return ['ETag', representation.etag, 'Cache-Control', cacheControl, 'Vary', 'Accept-Encoding'];
}
