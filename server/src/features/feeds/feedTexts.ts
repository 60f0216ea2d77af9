import type { EvidenceKind, FeedQuery, Language, Topic, Verdict } from '@refute/shared';

/** What the feed documents say in each language: titles, labels, notices. */
interface FeedTexts {
  site: string;
  title: string;
  description: string;
  verdict: Record<Verdict, string>;
  topic: Record<Topic, string>;
  evidenceKind: Record<EvidenceKind, string>;
  verdictLine: string;
  evidence: string;
  correction: string;
  region: string;
  search: string;
}

const TEXTS: Record<Language, FeedTexts> = {
  zh: {
    site: 'Refute 科学辟谣',
    title: '已发布的辟谣结论',
    description: '专家审核后发布的网络科学谣言核查结论。',
    verdict: { false: '谣言', pseudoscience: '伪科学', misleading: '误导', unproven: '尚无定论', partly_true: '部分属实', true: '属实' },
    topic: {
      health: '健康医疗',
      food_safety: '食品安全',
      emergencies: '突发事件与灾害',
      public_safety: '公共安全',
      environment: '环境生态',
      climate: '气候气象',
      agriculture: '农业',
      biotech: '生物技术',
      energy: '能源',
      it: '信息技术',
      space: '航天天文',
      geology: '地震地质',
      transport: '交通',
      other: '其他',
    },
    evidenceKind: { paper: '论文', standard: '标准', official: '官方声明', other: '其他' },
    verdictLine: '结论',
    evidence: '证据',
    correction: '更正',
    region: '地区',
    search: '搜索',
  },
  en: {
    site: 'Refute',
    title: 'Published verdicts',
    description: 'Verdicts on science rumors, published after expert review.',
    verdict: { false: 'False', pseudoscience: 'Pseudoscience', misleading: 'Misleading', unproven: 'Unproven', partly_true: 'Partly true', true: 'True' },
    topic: {
      health: 'Health & medicine',
      food_safety: 'Food safety',
      emergencies: 'Emergencies & disasters',
      public_safety: 'Public safety',
      environment: 'Environment & ecology',
      climate: 'Climate & weather',
      agriculture: 'Agriculture',
      biotech: 'Biotechnology',
      energy: 'Energy',
      it: 'Information technology',
      space: 'Space & astronomy',
      geology: 'Earthquakes & geology',
      transport: 'Transport',
      other: 'Other',
    },
    evidenceKind: { paper: 'Paper', standard: 'Standard', official: 'Official statement', other: 'Other' },
    verdictLine: 'Verdict',
    evidence: 'Evidence',
    correction: 'Correction',
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
