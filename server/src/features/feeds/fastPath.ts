/**
 * Feed readers poll: most requests for a feed repeat one made moments ago. Such a request is
 * answered here, before express, with the answer the app prepared for it (its headers, security
 * headers included, and the body in the negotiated encoding, or 304). Anything else, or a
 * request whose answer is not fresh, goes to the app.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { answerHeaders, preparedAnswer } from './feedCache';
import { answerFor, answerNow, sendAnswer } from './representation';

const FEED_PATHS = /^\/(?:feed\.atom|feed\.json|api\/v1\/feed)(?:\?|$)/;

/**
 * What names a request's answer: its path and query, and what the app's absolute links are made
 * of — nothing more when REFUTE_PUBLIC_URL fixes them, else the Host, the forwarding headers and,
 * when these are present, the peer (whether it is a proxy trusted to send them).
 */
function requestKey(url: string, req: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl) return url;
  const forwardedHost = req.headers['x-forwarded-host'];
  const forwardedProto = req.headers['x-forwarded-proto'];
  const peer = forwardedHost !== undefined || forwardedProto !== undefined ? req.socket.remoteAddress : '';
  return JSON.stringify([url, req.headers.host, forwardedHost, forwardedProto, peer]);
}

/** The key of a request express routed (its `url` is relative to the router), as the fast path computes it. */
export const expressRequestKey = (req: Request) => requestKey(req.originalUrl, req, req.app.locals.publicUrl as string | undefined);

export function withFeedFastPath(app: RequestListener, publicUrl: string | undefined): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    // A request presenting an API key is checked (scope, limit) by the app, every time.
    if (req.method === 'GET' && req.headers.authorization === undefined && FEED_PATHS.test(req.url ?? '')) {
      const prepared = preparedAnswer(requestKey(req.url ?? '', req, publicUrl));
      // The entry may be replaced by a newer response while compressing: answer with the one read now.
      const representation = prepared?.entry.representation;
      const headers = prepared && answerHeaders(prepared);
      const now = representation && headers && answerNow(req.headers, representation, headers);
      if (now) {
        sendAnswer(res, now);
        return;
      }
      if (representation && headers) {
        answerFor(req.headers, representation, headers).then(
          (answer) => sendAnswer(res, answer),
          // Compression failed: the app answers it instead.
          () => void app(req, res),
        );
        return;
      }
    }
    void app(req, res);
  };
}
