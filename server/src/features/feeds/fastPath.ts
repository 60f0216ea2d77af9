/**
 * The feeds' fast path (http/fastPath.ts): feed readers poll, so most requests for a feed repeat
 * one made moments ago. A request presenting an API key is checked (scope, limit) by the app,
 * every time, and its answer is never remembered.
 */
import type { IncomingMessage } from 'node:http';
import { addressKey, type FastRoute } from '../../http/fastPath';
import { feedResponses } from './feedCache';

const FEED_PATHS = /^\/(?:feed\.atom|feed\.json|api\/v1\/feed)(?:\?|$)/;

/**
 * What names a feed request's answer: its path and query, and what its absolute links are made
 * of (a URL holds no line break, so the two stay apart).
 */
export function feedRequestKey(url: string, req: IncomingMessage, publicUrl: string | undefined): string {
  return `${url}\n${addressKey(req, publicUrl)}`;
}

export function feedFastRoute(publicUrl: string | undefined): FastRoute {
  return {
    handles: (url, req) => req.headers.authorization === undefined && FEED_PATHS.test(url),
    keyOf: (url, req) => feedRequestKey(url, req, publicUrl),
    responses: feedResponses,
  };
}
