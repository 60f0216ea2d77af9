import type { EvidenceKind, Language, Topic, Verdict } from './enums';

/** What verdicts, topics and kinds of evidence are called, the same in the workbench, the feeds and the public pages. */
export interface DomainLabels {
  verdict: Record<Verdict, string>;
  topic: Record<Topic, string>;
  evidenceKind: Record<EvidenceKind, string>;
}

export const DOMAIN_LABELS: Record<Language, DomainLabels> = {
  zh: {
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
  },
  en: {
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
  },
};

/** One value's label in both languages, as the server-rendered pages hold them. */
export function bilingualLabels<K extends keyof DomainLabels>(kind: K): Record<keyof DomainLabels[K], Record<Language, string>> {
  const zh = DOMAIN_LABELS.zh[kind] as Record<string, string>;
  const en = DOMAIN_LABELS.en[kind] as Record<string, string>;
  return Object.fromEntries(Object.keys(zh).map((value) => [value, { zh: zh[value]!, en: en[value]! }])) as Record<keyof DomainLabels[K], Record<Language, string>>;
}
