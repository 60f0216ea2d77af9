/**
 * A response body prepared once and served many times: its validator (ETag) is computed when it
 * is made, its gzip and brotli forms when first asked for, so answering a request, or a
 * conditional request with 304, costs no work beyond choosing among them.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import fresh from 'fresh';
import Negotiator from 'negotiator';

/** Brotli is smaller than gzip for text: it wins when the client weighs them alike. */
const ENCODINGS = ['br', 'gzip', 'identity'] as const;
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

type Encoding = 'br' | 'gzip';

export interface Representation {
  type: string;
  /** Weak: the gzip, brotli and identity forms are the same representation to a cache. */
  etag: string;
  identity: Buffer;
  /** The compressed forms, each made when first asked for… */
  forms: Map<Encoding, Promise<Buffer>>;
  /** …and here once made. */
  made: Map<Encoding, Buffer>;
}

export function makeRepresentation(body: string, type: string): Representation {
  const identity = Buffer.from(body, 'utf8');
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { type, etag, identity, forms: new Map(), made: new Map() };
}

function formOf(representation: Representation, encoding: Encoding): Promise<Buffer> {
  let form = representation.forms.get(encoding);
  if (!form) {
    const { identity } = representation;
    form =
      encoding === 'br'
        ? brotli(identity, {
            params: {
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              [zlib.constants.BROTLI_PARAM_QUALITY]: 7,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
            },
          })
        : gzip(identity);
    representation.forms.set(encoding, form);
    void form.then((made) => representation.made.set(encoding, made), () => representation.forms.delete(encoding));
  }
  return form;
}

/** Headers as node's `writeHead` takes them fastest: name, value, name, value… */
export type RawHeaders = string[];

export interface Answer {
  status: 200 | 304;
  headers: RawHeaders;
  body: Buffer | null;
}

/** The full answers made for a set of headers, by encoding: a remembered answer (fastPath.ts) is given as it was made. */
const answersByHeaders = new WeakMap<RawHeaders, Map<Encoding | 'identity', Answer>>();

function answerWith(representation: Representation, headers: RawHeaders, encoding: Encoding | null, body: Buffer): Answer {
  let answers = answersByHeaders.get(headers);
  if (!answers) answersByHeaders.set(headers, (answers = new Map()));
  const kept = answers.get(encoding ?? 'identity');
  if (kept?.body === body) return kept;
  const content = ['Content-Type', representation.type, 'Content-Length', String(body.length)];
  if (encoding) content.push('Content-Encoding', encoding);
  const answer: Answer = { status: 200, headers: [...headers, ...content], body };
  answers.set(encoding ?? 'identity', answer);
  return answer;
}

/** Clients send a few distinct Accept-Encoding values: each is negotiated once. */
const encodingOfHeader = new Map<string, string | undefined>();
const MAX_HEADERS_KEPT = 256;

function negotiatedEncoding(header: string | undefined): string | undefined {
  const key = header ?? '';
  if (encodingOfHeader.has(key)) return encodingOfHeader.get(key);
  const encoding = new Negotiator({ headers: { 'accept-encoding': header } }).encoding(ENCODINGS, { preferred: ENCODINGS });
  if (encodingOfHeader.size >= MAX_HEADERS_KEPT) encodingOfHeader.clear();
  encodingOfHeader.set(key, encoding);
  return encoding;
}

/** The 304 for a set of headers: one per remembered answer, made once (it carries no body to choose). */
const notModifiedByHeaders = new WeakMap<RawHeaders, Answer>();

function notModified(headers: RawHeaders): Answer {
  let answer = notModifiedByHeaders.get(headers);
  if (!answer) notModifiedByHeaders.set(headers, (answer = { status: 304, headers, body: null }));
  return answer;
}

/**
 * Whether a conditional request names the representation, as express decides it (`fresh`). A
 * poller sends back the one ETag it was given: that is a comparison of two strings, decided
 * before parsing anything (`Cache-Control: no-cache` in the request still asks for the body).
 */
function namesRepresentation(requestHeaders: IncomingHttpHeaders, etag: string): boolean {
  const ifNoneMatch = requestHeaders['if-none-match'];
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch === etag && requestHeaders['cache-control'] === undefined) return true;
  return fresh(requestHeaders, { etag });
}

/**
 * What to answer a request for the representation: 304 when If-None-Match names it, else its
 * best encoding. Null when that encoding is still being made (`answerFor` waits for it).
 */
export function answerNow(requestHeaders: IncomingHttpHeaders, representation: Representation, headers: RawHeaders): Answer | null {
  if (namesRepresentation(requestHeaders, representation.etag)) return notModified(headers);
  const encoding = negotiatedEncoding(requestHeaders['accept-encoding']);
  if (encoding !== 'br' && encoding !== 'gzip') return answerWith(representation, headers, null, representation.identity);
  const made = representation.made.get(encoding);
  return made ? answerWith(representation, headers, encoding, made) : null;
}

export async function answerFor(requestHeaders: IncomingHttpHeaders, representation: Representation, headers: RawHeaders): Promise<Answer> {
  const now = answerNow(requestHeaders, representation, headers);
  if (now) return now;
  const encoding = negotiatedEncoding(requestHeaders['accept-encoding']) as Encoding;
  return answerWith(representation, headers, encoding, await formOf(representation, encoding));
}

/** Sends an answer on node's response (express's included). */
export function sendAnswer(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body ?? undefined);
}

/**
 * The validator and caching headers every answer for the representation carries; `varyAlso`
 * names the request headers other than Accept-Encoding that chose its content.
 */
export function cachingHeaders(representation: Representation, cacheControl: string, varyAlso?: string): RawHeaders {
  return ['ETag', representation.etag, 'Cache-Control', cacheControl, 'Vary', varyAlso ? `${varyAlso}, Accept-Encoding` : 'Accept-Encoding'];
}
