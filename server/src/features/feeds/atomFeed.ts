/** The feed as an Atom document (RFC 4287), with a next-page link (RFC 5005). */
import type { FeedQuery } from '@refute/shared';
import { create } from 'xmlbuilder2';
import { caseEntryId, entryHtml, entrySummary } from './entryContent';
import type { FeedEntries } from './feedEntries';
import { feedLanguageOf, feedTexts, feedTitle } from './feedTexts';
import { feedUrl } from './feedUrls';

export const ATOM_PATH = '/feed.atom';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** An empty feed was last updated at no particular time: a fixed one keeps its ETag stable. */
const NEVER = new Date(0).toISOString();

export function atomFeed(feed: FeedEntries, query: FeedQuery, baseUrl: string): string {
  const language = feedLanguageOf(query);
  const texts = feedTexts(language);
  const home = `${baseUrl}/`;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(ATOM_NS, 'feed').att('http://www.w3.org/XML/1998/namespace', 'xml:lang', language);
  root.ele('id').txt(feedUrl(baseUrl, ATOM_PATH, query));
  root.ele('title', { type: 'text' }).txt(feedTitle(query));
  root.ele('subtitle', { type: 'text' }).txt(texts.description);
  root.ele('updated').txt(feed.entries.reduce((latest, entry) => (entry.publishedAt > latest ? entry.publishedAt : latest), NEVER));
  root.ele('link', { rel: 'self', type: 'application/atom+xml', href: feedUrl(baseUrl, ATOM_PATH, query, query.cursor) });
  root.ele('link', { rel: 'alternate', type: 'text/html', href: home });
  if (feed.nextCursor) root.ele('link', { rel: 'next', type: 'application/atom+xml', href: feedUrl(baseUrl, ATOM_PATH, query, feed.nextCursor) });
  root.ele('author').ele('name').txt(texts.site).up().ele('uri').txt(home);
  root.ele('generator', { uri: home }).txt('Refute');

  for (const entry of feed.entries) {
    const element = root.ele('entry').att('http://www.w3.org/XML/1998/namespace', 'xml:lang', entry.language);
    const entryTexts = feedTexts(entry.language);
    element.ele('id').txt(caseEntryId(entry.caseId));
    element.ele('title', { type: 'text' }).txt(entry.headline);
    element.ele('link', { rel: 'alternate', type: 'text/html', href: entry.url });
    element.ele('published').txt(entry.firstPublishedAt);
    element.ele('updated').txt(entry.publishedAt);
    element.ele('summary', { type: 'text' }).txt(entrySummary(entry));
    element.ele('content', { type: 'html' }).txt(entryHtml(entry));
    element.ele('category', { scheme: `${home}#verdict`, term: entry.verdict, label: entryTexts.verdict[entry.verdict] });
    element.ele('category', { scheme: `${home}#topic`, term: entry.topic, label: entryTexts.topic[entry.topic] });
  }
  return root.end({ prettyPrint: false });
}
