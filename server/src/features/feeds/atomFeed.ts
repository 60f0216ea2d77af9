/** The feed as an Atom document (RFC 4287), with a next-page link (RFC 5005). */
import type { FeedQuery } from '@refute/shared';
import { atomBuilder as builder, html, text } from './atomXml';
import { caseEntryId, entryHtml, entrySummary, entryTitle } from './entryContent';
import type { FeedEntries, FeedEntry } from './feedEntries';
import { feedLanguageOf, feedTexts, feedTitle } from './feedTexts';
import { feedUrl } from './feedUrls';

export const ATOM_PATH = '/feed.atom';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
/** An empty feed was last updated at no particular time: a fixed one keeps its ETag stable. */
const NEVER = new Date(0).toISOString();

function atomEntry(entry: FeedEntry, home: string) {
  const texts = feedTexts(entry.language);
  return {
    '@xml:lang': entry.language,
    id: caseEntryId(entry.caseId),
    title: text(entryTitle(entry)),
    link: { '@rel': 'alternate', '@type': 'text/html', '@href': entry.url },
    published: entry.firstPublishedAt,
    updated: entry.publishedAt,
    summary: text(entrySummary(entry)),
    content: html(entryHtml(entry)),
    category: [
      { '@scheme': `${home}#verdict`, '@term': entry.verdict, '@label': texts.verdict[entry.verdict] },
      { '@scheme': `${home}#topic`, '@term': entry.topic, '@label': texts.topic[entry.topic] },
    ],
  };
}

export function atomFeed(feed: FeedEntries, query: FeedQuery, baseUrl: string): string {
  const language = feedLanguageOf(query);
  const texts = feedTexts(language);
  const home = `${baseUrl}/`;
  const links = [
    { '@rel': 'self', '@type': 'application/atom+xml', '@href': feedUrl(baseUrl, ATOM_PATH, query, query.cursor) },
    { '@rel': 'alternate', '@type': 'text/html', '@href': home },
    ...(feed.nextCursor ? [{ '@rel': 'next', '@type': 'application/atom+xml', '@href': feedUrl(baseUrl, ATOM_PATH, query, feed.nextCursor) }] : []),
  ];
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    feed: {
      '@xmlns': 'http://www.w3.org/2005/Atom',
      '@xml:lang': language,
      id: feedUrl(baseUrl, ATOM_PATH, query),
      title: text(feedTitle(query)),
      subtitle: text(texts.description),
      updated: feed.entries.reduce((latest, entry) => (entry.publishedAt > latest ? entry.publishedAt : latest), NEVER),
      link: links,
      author: { name: texts.site, uri: home },
      generator: { '@uri': home, '#': 'Refute' },
      entry: feed.entries.map((entry) => atomEntry(entry, home)),
    },
  });
}
