/**
 * A response body prepared once and served many times: its validator (ETag) and its gzip and
 * brotli forms are computed when it is made, so answering a request, or a conditional request
 * with 304, costs no work beyond choosing among them.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';
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

/**
 * Sends the representation, or 304 when the caller's If-None-Match names it. The encoding is
 * negotiated from Accept-Encoding (br preferred to gzip at equal weight).
 */
export function sendRepresentation(req: Request, res: Response, representation: Representation, cacheControl: string): void {
  res.setHeader('ETag', representation.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const encoding = new Negotiator(req).encoding(ENCODINGS, { preferred: ENCODINGS });
  const body = encoding === 'br' ? representation.br : encoding === 'gzip' ? representation.gzip : representation.identity;
  if (encoding === 'br' || encoding === 'gzip') res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Type', representation.type);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
