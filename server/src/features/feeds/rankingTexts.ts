/** What the ranking feeds (辟谣榜) say in each language, beside the feeds' own texts. */
import { COUNTRY_REGION, type Language, type RankingFeedQuery } from '@refute/shared';
import { regionName } from '../regions/regions';
import { feedTexts } from './feedTexts';

interface RankingTexts {
  title: string;
  description: string;
  month: (month: string) => string;
  soFar: (day: string) => string;
  reports: (count: number) => string;
}

const TEXTS: Record<Language, RankingTexts> = {
  zh: {
    title: '辟谣榜',
    description: '每月被举报最多的已核查科学谣言，附专家结论与公开页面。',
    month: (month) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`,
    soFar: (day) => `（截至${day}）`,
    reports: (count) => `${count} 次举报`,
  },
  en: {
    title: 'Rumor ranking',
    description: 'The most reported science rumors of each month that experts have checked, with their verdicts and public pages.',
    month: (month) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
    soFar: (day) => ` (as of ${day})`,
    reports: (count) => `${count} report${count === 1 ? '' : 's'}`,
  },
};

export const rankingLanguageOf = (query: RankingFeedQuery): Language => query.lang ?? 'zh';
export const rankingTexts = (language: Language): RankingTexts => TEXTS[language];

/** The ranking's region and topic, as its titles name them: the country when no region is given. */
export function rankingSubject(query: RankingFeedQuery): string {
  const language = rankingLanguageOf(query);
  const region = regionName(query.region ?? COUNTRY_REGION)?.[language] ?? query.region!;
  return [region, ...(query.topic ? [feedTexts(language).topic[query.topic]] : [])].join(' · ');
}

/** The feed's title: the site, the ranking, its region and topic. */
export function rankingFeedTitle(query: RankingFeedQuery): string {
  const language = rankingLanguageOf(query);
  return `${feedTexts(language).site} · ${rankingTexts(language).title} · ${rankingSubject(query)}`;
}
