/**
 * npm run fit:register — fits the register model (`server/src/features/matching/register.ts`) on
 * the fit part of fixtures/matching: reports of rumors and near-miss rumors (passed on as rumors)
 * against true posts on a subject (written as news or official posts), and sets its bar, the
 * lowest at which at most one rumor text in 500 of the fit part reads as news (a rumor kept out
 * of its case costs recall; the bar is set for it). Prints the held-out part's figures and
 * writes server/src/features/matching/registerCalibration.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitLogistic, predict, type LogisticModel } from '../server/src/features/matching/logistic';
import { REGISTER_CUES, registerFeatures } from '../server/src/features/matching/register';
import { REPO_ROOT } from '../server/src/paths';
import { loadLabelledData, type Split } from './matching-data';

const data = loadLabelledData();
const texts = [
  ...data.groups.flatMap((group) => group.reports.map((report) => ({ text: report.text, news: false, split: group.split }))),
  ...data.hardNegatives.filter((negative) => negative.kind === 'near_miss' && !negative.sameClaimAs).map((negative) => ({ text: negative.text, news: false, split: negative.split })),
  ...data.hardNegatives.filter((negative) => negative.kind === 'same_subject' && !negative.sameClaimAs).map((negative) => ({ text: negative.text, news: true, split: negative.split })),
].map((item) => ({ ...item, features: registerFeatures(item.text) }));

const RUMORS_READ_AS_NEWS_AT_MOST = 1 / 500;
const model = fitLogistic(
  texts.filter((item) => item.split === 'fit').map((item) => ({ features: item.features, positive: item.news })),
  { iterations: 5000, rate: 1, l2: 1e-3 },
);
const rounded: LogisticModel = { coefficients: model.coefficients.map((c) => Math.round(c * 100) / 100) };

function measures(split: Split, bar: number) {
  const scored = texts.filter((item) => item.split === split).map((item) => ({ news: item.news, p: predict(rounded, item.features) }));
  const news = scored.filter((item) => item.news);
  const rumors = scored.filter((item) => !item.news);
  let ordered = 0;
  for (const a of news) for (const b of rumors) ordered += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
  return {
    auc: ordered / (news.length * rumors.length),
    newsMarked: news.filter((item) => item.p >= bar).length,
    news: news.length,
    rumorsMarked: rumors.filter((item) => item.p >= bar).length,
    rumors: rumors.length,
  };
}

const bars = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const bar = bars.find((b) => measures('fit', b).rumorsMarked <= RUMORS_READ_AS_NEWS_AT_MOST * measures('fit', b).rumors) ?? 0.95;
const names = [...REGISTER_CUES.map(([name]) => name), 'length', 'intercept'];
console.log(`Weights: ${names.map((name, i) => `${name} ${rounded.coefficients[i]}`).join(', ')}; bar ${bar}`);
for (const split of ['fit', 'heldOut'] as const) {
  const m = measures(split, bar);
  console.log(`${split.padEnd(8)} ROC AUC ${m.auc.toFixed(3)}; read as news: true posts ${m.newsMarked} of ${m.news}, rumor texts ${m.rumorsMarked} of ${m.rumors}`);
}
fs.writeFileSync(
  path.join(REPO_ROOT, 'server/src/features/matching/registerCalibration.ts'),
  `/** Written by \`npm run fit:register\`; see register.ts. */
export const REGISTER_CALIBRATION = {
  model: { coefficients: [${rounded.coefficients.join(', ')}] },
  bar: ${bar},
};
`,
);
