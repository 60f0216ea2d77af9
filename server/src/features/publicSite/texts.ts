/**
 * The words of the public pages in both languages. The workbench's texts live in the client's
 * i18next files; these pages are rendered by the server for readers without JavaScript.
 */
import { bilingualLabels, type Language, type Verdict } from '@refute/shared';

export const VERDICT_LABELS = bilingualLabels('verdict');

/** ClaimReview's 1 (false) to 5 (true) scale. */
export const VERDICT_RATINGS: Record<Verdict, number> = { false: 1, pseudoscience: 1, misleading: 2, unproven: 3, partly_true: 4, true: 5 };

export const TOPIC_LABELS = bilingualLabels('topic');

export const EVIDENCE_KIND_LABELS = bilingualLabels('evidenceKind');

const TEXTS = {
  siteName: { zh: '科学辟谣', en: 'Refute' },
  siteTagline: { zh: '专家核查的科学谣言', en: 'Science rumors checked by experts' },
  skipToContent: { zh: '跳到正文', en: 'Skip to content' },
  searchLink: { zh: '查谣言', en: 'Check a rumor' },
  switchLanguage: { zh: 'English', en: '中文' },
  largeTypeOn: { zh: '大字模式', en: 'Large text' },
  largeTypeOff: { zh: '标准字号', en: 'Standard text' },
  verdict: { zh: '结论', en: 'Verdict' },
  claimAsReported: { zh: '网传说法', en: 'The claim as reported' },
  inShort: { zh: '一句话结论', en: 'In short' },
  rebuttal: { zh: '详细解读', en: 'The full explanation' },
  evidence: { zh: '依据', en: 'Evidence' },
  reviewedBy: { zh: '核查机构', en: 'Reviewed by' },
  published: { zh: '首次发布', en: 'First published' },
  updated: { zh: '最近更新', en: 'Last updated' },
  versionHistory: { zh: '版本记录', en: 'Version history' },
  version: { zh: '第 {n} 版', en: 'Version {n}' },
  thisVersion: { zh: '（本页）', en: '(this page)' },
  firstVersion: { zh: '首次发布', en: 'First publication' },
  correctionNotice: { zh: '更正说明', en: 'Correction' },
  correctionOf: { zh: '本文已于 {date} 更正（第 {n} 版）：', en: 'Corrected on {date} (version {n}):' },
  newerVersion: { zh: '本结论已有更新的版本。', en: 'There is a newer version of this verdict.' },
  readNewest: { zh: '阅读最新版本', en: 'Read the newest version' },
  retractedBadge: { zh: '已撤回', en: 'Retracted' },
  retractedTitle: { zh: '此结论已被撤回', en: 'This verdict has been retracted' },
  retractedOn: {
    zh: '核查机构于 {date} 撤回了这条结论，它不再有效，请勿再引用或转发。撤回原因：',
    en: 'The reviewing organisation retracted this verdict on {date}. It no longer stands; please do not cite or share it. The reason:',
  },
  withdrawnVerdict: { zh: '撤回前的结论', en: 'The withdrawn verdict' },
  withdrawnContent: { zh: '撤回前发布的内容（已失效，仅供查阅）', en: 'What was published before the retraction (no longer valid, kept for the record)' },
  retractionVersion: { zh: '撤回', en: 'Retracted' },
  share: { zh: '分享', en: 'Share' },
  shareQr: { zh: '扫码分享本页', en: 'Scan to share this page' },
  pageLink: { zh: '本页链接', en: 'Link to this page' },
  embedIt: { zh: '嵌入到网页', en: 'Embed on a website' },
  readFull: { zh: '阅读全文', en: 'Read the full verdict' },
  notFoundTitle: { zh: '没有找到这个页面', en: 'This page was not found' },
  notFoundBody: { zh: '链接可能有误，或者这条结论不存在。可以试试查谣言：', en: 'The link may be wrong, or there is no such verdict. Try checking the rumor:' },
  badRequestTitle: { zh: '请求有误', en: 'Something is wrong with this request' },
  badRequestBody: { zh: '请检查链接或输入的内容。', en: 'Please check the link or what you typed.' },
  tooManyTitle: { zh: '查询太频繁了', en: 'Too many searches' },
  tooManyBody: { zh: '请在 {seconds} 秒后再试。', en: 'Please try again in {seconds} seconds.' },
  searchTitle: { zh: '查谣言', en: 'Check a rumor' },
  searchIntro: {
    zh: '把看到的说法或文章的文字粘贴进来，看看专家是否已经核查过。',
    en: 'Paste a claim or the text of an article to see whether experts have already checked it.',
  },
  searchLabel: { zh: '要查的说法', en: 'The claim to check' },
  searchButton: { zh: '查一查', en: 'Check' },
  matchesTitle: { zh: '专家已核查的相同说法', en: 'The same claim, checked by experts' },
  relatedTitle: { zh: '相关但不一定是同一说法', en: 'Related, not necessarily the same claim' },
  noMatches: {
    zh: '还没有找到核查过的相同说法。这不代表它是真的：请谨慎转发。',
    en: 'No checked verdict for this claim yet. That does not make it true: think before you share it.',
  },
  similarity: { zh: '相似度 {percent}%', en: '{percent}% similar' },
  browseTitle: { zh: '浏览全部结论', en: 'Browse every verdict' },
  topic: { zh: '领域', en: 'Topic' },
  allTopics: { zh: '全部领域', en: 'All topics' },
  allVerdicts: { zh: '全部结论', en: 'All verdicts' },
  sort: { zh: '排序', en: 'Order' },
  sortNewest: { zh: '最新发布', en: 'Newest first' },
  sortReported: { zh: '举报最多', en: 'Most reported first' },
  filter: { zh: '筛选', en: 'Show' },
  reports: { zh: '{count} 次举报', en: '{count} reports' },
  noneYet: { zh: '没有符合条件的结论。', en: 'No verdicts match.' },
  previousPage: { zh: '上一页', en: 'Previous page' },
  nextPage: { zh: '下一页', en: 'Next page' },
  pageOf: { zh: '第 {page} 页', en: 'Page {page}' },
  resultsNav: { zh: '翻页', en: 'Pages' },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXTS;

/** A text in `lang`, with `{name}` placeholders filled in. */
export function text(lang: Language, key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXTS[key][lang].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}
