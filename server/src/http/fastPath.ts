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
 * What the app's absolute links are made of besides the URL: nothing when REFUTE_PUBLIC_URL
 * fixes them, else the Host, the forwarding headers and, when these are present, the peer
 * (whether it is a proxy trusted to send them).
 */
export function addressOf(req: IncomingMessage, publicUrl: string | undefined): unknown[] {
  if (publicUrl) return [];
  const forwardedHost = req.headers['x-forwarded-host'];
  const forwardedProto = req.headers['x-forwarded-proto'];
  const peer = forwardedHost !== undefined || forwardedProto !== undefined ? req.socket.remoteAddress : '';
  return [req.headers.host, forwardedHost, forwardedProto, peer];
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
      const route = routes.find((one) => one.handles(url, req));
      if (route && answerFromMemory(route, url, req, res, app)) return;
    }
    void app(req, res);
  };
}
