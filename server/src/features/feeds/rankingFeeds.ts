/**
 * The monthly rankings (辟谣榜) as feeds: Atom (RFC 4287) and JSON Feed 1.1, one entry per
 * month, newest first. An entry's id names its region, topic and month, so a reader replaces the
 * current month's entry as it fills and keeps each complete month's.
 */
import escapeHtml from 'escape-html';
import { COUNTRY_REGION, type RankingFeedQuery, type Topic } from '@refute/shared';
import type { RankedMonth } from '../insights/recentRankings';
import type { RankingEntry } from '../insights/ranking';
import { atomBuilder, html, text } from './atomXml';
import { nameBasedUuid } from './entryContent';
import { feedTexts } from './feedTexts';
import type { JsonFeedItemBase } from './jsonFeed';
import { rankingFeedTitle, rankingLanguageOf, rankingSubject, rankingTexts } from './rankingTexts';

export const RANKING_ATOM_PATH = '/ranking.atom';
export const RANKING_JSON_PATH = '/ranking.json';
/** An empty feed was last updated at no particular time: a fixed one keeps its ETag stable. */
const NEVER = new Date(0).toISOString();

export function rankingFeedUrl(baseUrl: string, path: string, query: RankingFeedQuery): string {
  const params = new URLSearchParams();
  for (const name of ['region', 'topic', 'lang'] as const) if (query[name] !== undefined) params.set(name, query[name]);
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

/** What one month's entry says, in the feed's language (the rumors keep their own headlines). */
function monthEntry(month: RankedMonth, query: RankingFeedQuery) {
  const language = rankingLanguageOf(query);
  const texts = rankingTexts(language);
  const labels = feedTexts(language);
  const line = (entry: RankingEntry) => `${labels.verdict[entry.verdict]} · ${labels.topic[entry.topic]} · ${texts.reports(entry.reports)}`;
  return {
    id: nameBasedUuid(`refute:ranking:${query.region ?? COUNTRY_REGION}:${query.topic ?? '*'}:${month.month}`),
    title: `${texts.title} ${texts.month(month.month)}${month.complete ? '' : texts.soFar(month.asOf.slice(0, 10))} · ${rankingSubject(query)}`,
    published: new Date(`${month.month}-01T00:00:00Z`).toISOString(),
    updated: month.asOf,
    summary: month.entries.map((entry, i) => `${i + 1}. ${entry.headline} (${line(entry)})`).join('\n'),
    html: `<ol>${month.entries.map((entry) => `<li><a href="${escapeHtml(entry.url)}">${escapeHtml(entry.headline)}</a> — ${escapeHtml(line(entry))}</li>`).join('')}</ol>`,
  };
}

const latestOf = (months: RankedMonth[]) => months.reduce((latest, month) => (month.asOf > latest ? month.asOf : latest), NEVER);

export function rankingAtom(months: RankedMonth[], query: RankingFeedQuery, baseUrl: string): string {
  const language = rankingLanguageOf(query);
  const home = `${baseUrl}/`;
  const self = rankingFeedUrl(baseUrl, RANKING_ATOM_PATH, query);
  return atomBuilder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    feed: {
      '@xmlns': 'http://www.w3.org/2005/Atom',
      '@xml:lang': language,
      id: self,
      title: text(rankingFeedTitle(query)),
      subtitle: text(rankingTexts(language).description),
      updated: latestOf(months),
      link: [
        { '@rel': 'self', '@type': 'application/atom+xml', '@href': self },
        { '@rel': 'alternate', '@type': 'text/html', '@href': home },
      ],
      author: { name: feedTexts(language).site, uri: home },
      generator: { '@uri': home, '#': 'Refute' },
      entry: months.map((month) => {
        const entry = monthEntry(month, query);
        return { id: entry.id, title: text(entry.title), published: entry.published, updated: entry.updated, summary: text(entry.summary), content: html(entry.html) };
      }),
    },
  });
}

interface RankingJsonItem extends JsonFeedItemBase {
  /** The ranking as data (an extension: names start with `_`). */
  _refute: { month: string; complete: boolean; region: string; topic: Topic | null; entries: RankingEntry[] };
}

export function rankingJson(months: RankedMonth[], query: RankingFeedQuery, baseUrl: string): string {
  const language = rankingLanguageOf(query);
  const home = `${baseUrl}/`;
  const items = months.map((month): RankingJsonItem => {
    const entry = monthEntry(month, query);
    return {
      id: entry.id,
      title: entry.title,
      summary: entry.summary,
      content_html: entry.html,
      date_published: entry.published,
      date_modified: entry.updated,
      language,
      _refute: { month: month.month, complete: month.complete, region: query.region ?? COUNTRY_REGION, topic: query.topic ?? null, entries: month.entries },
    };
  });
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: rankingFeedTitle(query),
    home_page_url: home,
    feed_url: rankingFeedUrl(baseUrl, RANKING_JSON_PATH, query),
    description: rankingTexts(language).description,
    language,
    authors: [{ name: feedTexts(language).site, url: home }],
    items,
  });
}
