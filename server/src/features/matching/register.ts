/**
 * The register of a text: does it read like a news or official post, or like a rumor being passed
 * on? A true post on a rumor's subject holds the rumor's words, often most of them; what it does
 * not share is how it is written. News and official posts date and time what they report, give
 * figures, name institutions, attribute (表示, 通报, "said"), carry a 【headline】 and quote;
 * rumors exclaim, alarm (千万, 转发, 紧急), cite hearsay (听说, 我家亲戚) and ask. Each cue is
 * counted on the raw text (the brackets, quotes and exclamation marks that normalisation drops),
 * and a logistic model fitted on the labelled data's fit part (`npm run fit:register`, rumor
 * reports and near misses against true posts on a subject) weighs them. A cue names a way of
 * writing, never a subject.
 */
import { predict } from './logistic';
import { REGISTER_CALIBRATION } from './registerCalibration';

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? \\d{1,2}\\b';
const WEEKDAY = '\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b';

/**
 * Names of institutions. A bare 部, 局 or 院 is in everyday words too (全部, 内部, 肺部, 骗局,
 * 局部, 住院): 部 counts after the name of a ministry or department (教育部, 农业农村部, 指挥部)
 * or as 部门, and 局 and 院 not in those words.
 */
const MINISTRY = '卫生|卫健|教育|外交|商务|公安|民政|财政|司法|国防|科技|工信|信息化|农业农村|农业|应急管理|生态环境|自然资源|水利|交通运输|住建|城乡建设|人社|社会保障|文旅|旅游|军人事务|宣传|统战|监管|指挥|消防|城管|疾控|药监|卫计';
const INSTITUTION = [
  `(?:${MINISTRY})部`,
  '部门',
  '(?<![骗结格布全大僵饭开赌])局(?![部面势])',
  '(?<![住出入])院(?!子)',
  '委|中心|大学|研究所|政府|办公室|协会|组织|集团|机构|公司|学会',
].join('|');

/** The cues, in the order of the model's coefficients. */
export const REGISTER_CUES: ReadonlyArray<readonly [string, RegExp]> = [
  ['date', new RegExp(`\\d{1,2}月\\d{1,2}日|${MONTH}|${WEEKDAY}`, 'giu')],
  ['time', /\d{1,2}时|\d{1,2}[:：]\d{2}/gu],
  ['figure', /\d+(?:\.\d+)?\s*(?:例|%|％|万|亿|名|家|所|项|次|元|吨|公里|千米|毫升|克|percent\b|million\b|billion\b)/giu],
  ['institution', new RegExp(`(?:${INSTITUTION})(?=\\p{Script=Han}|[：:，,])|\\b(?:ministry|department|agency|university|institute|administration|commission|officials?|authorities|researchers)\\b`, 'giu')],
  ['attribution', /表示|指出|介绍|称|通报|发布|报道|记者|获悉|宣布|回应|据|\b(?:said|says|according|reported|announced|told)\b/giu],
  ['headline', /【[^】]{2,}】/gu],
  // Weibo's #话题# tags news and rumors alike: a cue of its own, weighed by the fit.
  ['topic', /#[^#\n]{2,40}#/gu],
  ['quote', /[“「『][^”」』]{2,}[”」』]/gu],
  ['exclamation', /[！!]/gu],
  ['alarm', /千万|赶紧|赶快|转发|扩散|紧急|震惊|家人们|朋友们|速看|一定要|都要|快转|别再|告诉|身边的|\b(?:share|wake up|urgent|warning|forward|they don t want|must)\b/giu],
  ['hearsay', /听说|据说|网传|有人说|我[家爸妈姐哥舅]|亲戚|同事|朋友说|\b(?:i heard|my (?:aunt|friend|mom|dad|uncle))\b/giu],
  ['question', /[？?]|吗/gu],
];

/** The model's inputs: each cue's count as log(1 + n), then the text's length as log(1 + n) / 5. */
export function registerFeatures(rawText: string): number[] {
  return [...REGISTER_CUES.map(([, pattern]) => Math.log1p(rawText.match(pattern)?.length ?? 0)), Math.log1p(rawText.length) / 5];
}

/** Probability that a text is written as news or an official post rather than passed on as a rumor. */
export function newsRegisterProbability(rawText: string): number {
  return predict(REGISTER_CALIBRATION.model, registerFeatures(rawText));
}

/** Whether the text reads as news (`NEWS_REGISTER_MARKER` in `tokens.ts`): at or above the fitted bar. */
export function isNewsRegister(rawText: string): boolean {
  return newsRegisterProbability(rawText) >= REGISTER_CALIBRATION.bar;
}
