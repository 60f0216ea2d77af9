/** The feed as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). */
import type { FeedQuery, Language, RetractionView, Topic, Verdict } from '@refute/shared';
import { caseEntryId, entryHtml, entrySummary, entryTitle } from './entryContent';
import type { FeedEntries } from './feedEntries';
import { feedLanguageOf, feedTexts, feedTitle } from './feedTexts';
import { feedUrl } from './feedUrls';

export const JSON_FEED_PATH = '/feed.json';
export const JSON_FEED_TYPE = 'application/feed+json; charset=utf-8';

interface JsonFeedAuthor {
  name: string;
  url: string;
}

/** What every JSON Feed 1.1 item Refute serves holds. */
export interface JsonFeedItemBase {
  id: string;
  title: string;
  summary: string;
  content_html: string;
  date_published: string;
  date_modified: string;
  language: Language;
}

interface JsonFeedItem extends JsonFeedItemBase {
  url: string;
  tags: string[];
  /** The verdict as data, for readers that act on it (an extension: names start with `_`). */
  _refute: { caseId: string; version: number; verdict: Verdict; topic: Topic; region: string | null; correctionReason: string | null; retraction: RetractionView | null };
}

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: Language;
  next_url?: string;
  authors: JsonFeedAuthor[];
  items: JsonFeedItem[];
}

export function jsonFeed(feed: FeedEntries, query: FeedQuery, baseUrl: string): string {
  const language = feedLanguageOf(query);
  const texts = feedTexts(language);
  const home = `${baseUrl}/`;
  const document: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(query),
    home_page_url: home,
    feed_url: feedUrl(baseUrl, JSON_FEED_PATH, query, query.cursor),
    description: texts.description,
    language,
    ...(feed.nextCursor ? { next_url: feedUrl(baseUrl, JSON_FEED_PATH, query, feed.nextCursor) } : {}),
    authors: [{ name: texts.site, url: home }],
    items: feed.entries.map((entry) => {
      const entryTexts = feedTexts(entry.language);
      return {
        id: caseEntryId(entry.caseId),
        url: entry.url,
        title: entryTitle(entry),
        summary: entrySummary(entry),
        content_html: entryHtml(entry),
        date_published: entry.firstPublishedAt,
        date_modified: entry.publishedAt,
        language: entry.language,
        tags: [entryTexts.verdict[entry.verdict], entryTexts.topic[entry.topic]],
        _refute: {
          caseId: entry.caseId,
          version: entry.version,
          verdict: entry.verdict,
          topic: entry.topic,
          region: entry.region ?? null,
          correctionReason: entry.correctionReason,
          retraction: entry.retraction,
        },
      };
    }),
  };
  return JSON.stringify(document);
}
