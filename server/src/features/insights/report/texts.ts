/** What the monthly report says in each language (verdicts and topics from the shared labels). */
import { DOMAIN_LABELS, type DomainLabels, type Lane, type Language } from '@refute/shared';

export interface ReportTexts extends DomainLabels {
  title: string;
  scope: (org: string, month: string) => string;
  generated: (at: string) => string;
  soFar: (day: string) => string;
  keyFigures: string;
  reports: string;
  opened: string;
  published: string;
  deadlinesMet: string;
  hotspots: string;
  daily: string;
  byTopic: string;
  byVerdict: string;
  response: string;
  lane: Record<Lane, string>;
  laneColumn: string;
  firstExpert: string;
  submitted: string;
  publishedStep: string;
  median: string;
  p90: string;
  deadlinesByOrg: string;
  org: string;
  met: string;
  missed: string;
  regions: string;
  region: string;
  noRegion: string;
  ranking: string;
  rank: string;
  headline: string;
  verdictColumn: string;
  topicColumn: string;
  none: string;
  duration: (seconds: number) => string;
}

const unit = (seconds: number, names: { s: string; min: string; h: string; d: string }) => {
  if (seconds < 60) return `${Math.round(seconds)} ${names.s}`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} ${names.min}`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} ${names.h}`;
  return `${(seconds / 86_400).toFixed(1)} ${names.d}`;
};

const TEXTS: Record<Language, ReportTexts> = {
  zh: {
    ...DOMAIN_LABELS.zh,
    title: '月度舆情报告',
    scope: (org, month) => `${org} · ${month.slice(0, 4)}年${Number(month.slice(5, 7))}月（UTC）`,
    generated: (at) => `生成于 ${at}`,
    soFar: (day) => `本月尚未结束，数据截至 ${day}。`,
    keyFigures: '关键数据',
    reports: '举报',
    opened: '新案件',
    published: '已发布结论',
    deadlinesMet: '按时发布率',
    hotspots: '社会热点',
    daily: '每日举报、新案件与发布',
    byTopic: '各领域举报',
    byVerdict: '已发布结论的类别',
    response: '各通道响应时长（自案件创建起）',
    lane: { normal: '普通', hot: '热点', emergency: '应急' },
    laneColumn: '通道',
    firstExpert: '首位专家接手',
    submitted: '提交审批',
    publishedStep: '发布',
    median: '中位数',
    p90: '第 90 百分位',
    deadlinesByOrg: '各机构按时发布情况',
    org: '机构',
    met: '按时',
    missed: '超时',
    regions: '举报最多的地区',
    region: '地区',
    noRegion: '未注明地区',
    ranking: '辟谣榜：本月被举报最多的已发布谣言',
    rank: '排名',
    headline: '标题',
    verdictColumn: '结论',
    topicColumn: '领域',
    none: '本月暂无数据。',
    duration: (seconds) => unit(seconds, { s: '秒', min: '分钟', h: '小时', d: '天' }),
  },
  en: {
    ...DOMAIN_LABELS.en,
    title: 'Monthly insight report',
    scope: (org, month) => `${org} · ${new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })} (UTC)`,
    generated: (at) => `Generated ${at}`,
    soFar: (day) => `The month is not over: figures as of ${day}.`,
    keyFigures: 'Key figures',
    reports: 'Reports',
    opened: 'New cases',
    published: 'Verdicts published',
    deadlinesMet: 'Published on time',
    hotspots: 'Hotspots',
    daily: 'Reports, new cases and publications per day',
    byTopic: 'Reports by topic',
    byVerdict: 'Published verdicts',
    response: 'Response times per lane (from the case opening)',
    lane: { normal: 'Normal', hot: 'Hot topic', emergency: 'Emergency' },
    laneColumn: 'Lane',
    firstExpert: 'First expert',
    submitted: 'Submitted',
    publishedStep: 'Published',
    median: 'Median',
    p90: '90th percentile',
    deadlinesByOrg: 'Deadlines met per organisation',
    org: 'Organisation',
    met: 'On time',
    missed: 'Late',
    regions: 'Regions with the most reports',
    region: 'Region',
    noRegion: 'No region given',
    ranking: 'Rumor ranking: the most reported published rumors of the month',
    rank: 'Rank',
    headline: 'Headline',
    verdictColumn: 'Verdict',
    topicColumn: 'Topic',
    none: 'Nothing this month.',
    duration: (seconds) => unit(seconds, { s: 's', min: 'min', h: 'h', d: 'd' }),
  },
};

export const reportTexts = (language: Language): ReportTexts => TEXTS[language];
