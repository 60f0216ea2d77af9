/**
 * Public documents that readers poll or share widely (the feeds, publication pages) are mostly
 * asked for again moments after the app answered the same request. Such a request is answered
 * here, before express, with the answer the app prepared for it (its headers, security headers
 * included, and the body in the negotiated encoding, or 304). Anything else, or a request whose
 * answer is not fresh, goes to the app.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerHeaders, type PreparedResponses } from './preparedResponses';
import { answerFor, answerNow, sendAnswer } from './representation';

/** A kind of request the app remembers its answers to, under `keyOf` the request. */
export interface FastRoute {
  /** Whether this GET may have a remembered answer here (a cheap test of the URL and headers). */
  handles(url: string, req: IncomingMessage): boolean;
  /**
   * What names the request's answer: everything in the request the app's answer depends on. The
   * app computes it too (with the URL express was given, `originalUrl`) when it remembers one.
   */
  keyOf(url: string, req: IncomingMessage): string;
  responses: PreparedResponses;
}

/**
 * What the app's absolute links are made of besides the URL, as a part of a request's key:
 * nothing when REFUTE_PUBLIC_URL fixes them, else the Host, and the forwarding headers with the
 * peer (whether it is a proxy trusted to send them) when these are present. The usual request
 * names only its Host, which is taken as it is; the rare forwarded one is written out in full,
 * under another first letter so that no Host can pass for it.
 */
export function addressKey(req: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl) return '';
  const { host, 'x-forwarded-host': forwardedHost, 'x-forwarded-proto': forwardedProto } = req.headers;
  if (forwardedHost === undefined && forwardedProto === undefined) return host === undefined ? '-' : `h${host}`;
  return `f${JSON.stringify([host, forwardedHost, forwardedProto, req.socket.remoteAddress])}`;
}

function answerFromMemory(route: FastRoute, url: string, req: IncomingMessage, res: ServerResponse, app: RequestListener): boolean {
  const prepared = route.responses.preparedAnswer(route.keyOf(url, req));
  if (!prepared) return false;
  // The entry may be replaced by a newer response while compressing: answer with the one read now.
  const representation = prepared.entry.representation;
  const headers = answerHeaders(prepared);
  const now = answerNow(req.headers, representation, headers);
  if (now) sendAnswer(res, now);
  else
    answerFor(req.headers, representation, headers).then(
      (answer) => sendAnswer(res, answer),
      // Compression failed: the app answers it instead.
      () => void app(req, res),
    );
  return true;
}

export function withFastPaths(app: RequestListener, routes: FastRoute[]): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    if (req.method === 'GET') {
      for (const route of routes) {
        if (!route.handles(url, req)) continue;
        if (answerFromMemory(route, url, req, res, app)) return;
        break;
      }
    }
    void app(req, res);
  };
}
