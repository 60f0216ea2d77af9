/**
 * Rendered publication pages (`/r/:slug`), kept for as long as the data they show
 * (publicationData.ts): a page shared widely is rendered once per language, text size and
 * address, not on every view, and the same request again is answered by the fast path
 * (http/fastPath.ts) before express. A new version (a correction or a retraction) drops them at
 * once: one published in this process at once, one published by another within a poll of the
 * index feed (publications/changes.ts), with their data.
 */
import type { IncomingMessage } from 'node:http';
import { addressKey, type FastRoute } from '../../http/fastPath';
import { createPreparedResponses } from '../../http/preparedResponses';
import { onPublicationsChanged } from '../publications/changes';
import { readerPreferences } from './pageContext';

export const pageResponses = createPreparedResponses({
  freshMs: 30_000,
  maxEntries: 1_000,
  // Several requests (browsers' Accept-Language, hosts) may name one page.
  maxAnswers: 2_000,
  // A page expires with its data: the next request renders it again from data read afresh.
  remakeInBackground: false,
});

onPublicationsChanged(() => pageResponses.clear());

/**
 * What names a page request's answer: the path and query (the slug, `?lang`, what links on the
 * page keep), the language the browser prefers, large type, and what its absolute links are
 * made of. The page's version is its content: a new one is a new ETag, and drops the kept ones.
 */
export function pageRequestKey(url: string, req: IncomingMessage, publicUrl: string | undefined): string {
  const { acceptedLang, largeType } = readerPreferences(req.headers);
  // Line breaks keep the parts apart: a URL holds none, nor does the language or the size.
  return `${url}\n${acceptedLang}\n${largeType ? 'large' : 'standard'}\n${addressKey(req, publicUrl)}`;
}

/** Only a publication page is kept: its share image, the search and the embed card go to the app. */
const PUBLICATION_PAGE = /^\/r\/[^/?]+(?:\?|$)/;

export function publicationPageFastRoute(publicUrl: string | undefined): FastRoute {
  return {
    handles: (url) => PUBLICATION_PAGE.test(url),
    keyOf: (url, req) => pageRequestKey(url, req, publicUrl),
    responses: pageResponses,
  };
}
