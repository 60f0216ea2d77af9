import { DOMAIN_LABELS, type DomainLabels, type FeedQuery, type Language } from '@refute/shared';

/** What the feed documents say in each language: titles, labels (shared with the workbench), notices. */
interface FeedTexts extends DomainLabels {
  site: string;
  title: string;
  description: string;
  verdictLine: string;
  evidence: string;
  correction: string;
  /** The notice of a retracted verdict, with its date; the entry's title is marked too. */
  retracted: (date: string) => string;
  retractedMark: string;
  withdrawnVerdictLine: string;
  region: string;
  search: string;
}

const TEXTS: Record<Language, FeedTexts> = {
  zh: {
    site: 'Refute 科学辟谣',
    title: '已发布的辟谣结论',
    description: '专家审核后发布的网络科学谣言核查结论。',
    ...DOMAIN_LABELS.zh,
    verdictLine: '结论',
    evidence: '证据',
    correction: '更正',
    retracted: (date) => `已撤回（${date}）：此结论已被审核机构撤回，不再有效。撤回原因`,
    retractedMark: '【已撤回】',
    withdrawnVerdictLine: '已撤回的结论',
    region: '地区',
    search: '搜索',
  },
  en: {
    site: 'Refute',
    title: 'Published verdicts',
    description: 'Verdicts on science rumors, published after expert review.',
    ...DOMAIN_LABELS.en,
    verdictLine: 'Verdict',
    evidence: 'Evidence',
    correction: 'Correction',
    retracted: (date) => `Retracted on ${date}: the reviewing organisation withdrew this verdict; it no longer stands. Reason`,
    retractedMark: '[Retracted] ',
    withdrawnVerdictLine: 'Withdrawn verdict',
    region: 'Region',
    search: 'Search',
  },
};

/** A feed is written in the language it is filtered to, else in Chinese, the default. */
export const feedLanguageOf = (query: FeedQuery): Language => query.lang ?? 'zh';

export const feedTexts = (language: Language): FeedTexts => TEXTS[language];

/** The feed's title names its filters, so a reader subscribed to several tells them apart. */
export function feedTitle(query: FeedQuery): string {
  const texts = feedTexts(feedLanguageOf(query));
  const parts = [`${texts.site} · ${texts.title}`];
  if (query.topic) parts.push(texts.topic[query.topic]);
  if (query.verdict) parts.push(texts.verdict[query.verdict]);
  if (query.region) parts.push(`${texts.region} ${query.region}`);
  if (query.q) parts.push(`${texts.search} “${query.q}”`);
  return parts.join(' · ');
}
