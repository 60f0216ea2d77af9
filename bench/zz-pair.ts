import { pairEvidence } from '../server/src/features/matching/pairEvidence';
import { normalizeText } from '../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS as settings } from '../server/src/features/matching/settings';
import { matchTokens } from '../server/src/features/matching/tokens';
import { backgroundWeights } from '../server/src/features/matching/weights';
const weights = backgroundWeights(settings.segmentation);
const f = (t: string) => matchTokens(normalizeText(t), settings.segmentation);
const pairs: [string, string][] = [
  ['5G信号会传播新冠病毒，武汉是第一个大规模开通5G的城市，所以疫情最先在武汉爆发！', '【#5G助力火神山医院建设#】中国电信、中国移动等运营商连夜施工，火神山医院5G基站已开通，实现5G信号全覆盖，支持远程会诊。武汉加油！'],
  ['5G信号会传播新冠病毒，武汉是第一个大规模开通5G的城市，所以疫情最先在武汉爆发！', '转发微博 //@小明:太可怕了 //@健康达人:5G信号会传播新冠病毒，武汉是第一个大规模开通5G的城市'],
  ['5G信号会传播新冠病毒，武汉是第一个大规模开通5G的城市，所以疫情最先在武汉爆发！', '5G基站辐射会降低免疫力，让人更容易感染新冠病毒'],
  ['吃大蒜可以预防新型冠状病毒感染，每天生吃几瓣', '【国家卫健委：新型冠状病毒感染的肺炎防控知识】勤洗手、戴口罩、少聚集。专家提醒，目前没有证据表明吃大蒜可以预防感染，但大蒜是一种健康食物。'],
  ['吃大蒜可以预防新型冠状病毒感染，每天生吃几瓣', '【#新型冠状病毒感染的肺炎防控#】国家卫健委发布公众预防指南：勤洗手，外出佩戴口罩，饮食均衡，多吃蔬菜水果，适量运动，保证睡眠，增强免疫力。'],
  ['截至2月5日24时，国家卫健委收到31个省累计报告确诊病例28018例，现有重症病例3859例，累计死亡病例563例', '截至2月6日24时，国家卫健委收到31个省累计报告确诊病例31161例，现有重症病例4821例，累计死亡病例636例'],
];
for (const [a, b] of pairs) { const e = pairEvidence(new Set(f(a)), f(b), weights); console.log(e.similarity.toFixed(2), e.cosine.toFixed(2), e.queryCoverage.toFixed(2), e.candidateCoverage.toFixed(2), e.sharedTerms.join(',')); }
import { sameClaimProbability } from '../server/src/features/matching/answerModel';
import { ANSWER_CALIBRATION as C } from '../server/src/features/matching/answerCalibration';
const more: [string, string][] = [
  ['微波炉加热过的饭菜带有辐射，长期吃会致癌，家里有老人孩子的千万注意！', '转发微博 //@小红:天哪 //@健康:微波炉加热过的饭菜带有辐射，长期吃会致癌，家里有老人孩子的千万注意！'],
  ['微波炉加热过的饭菜带有辐射，长期吃会致癌，家里有老人孩子的千万注意！', '微波炉加热过的饭菜带有辐射，长期吃会致癌'],
  ['微波炉加热过的饭菜带有辐射，长期吃会致癌，家里有老人孩子的千万注意！', '微波炉加热过的饭菜带有辐射，长期吃会致癌，家里有老人孩子的千万注意！我妈天天用微波炉，吓死了，赶紧告诉她'],
  ['三峡大坝已经变形，随时可能溃坝，下游的人赶紧撤离！', '葛洲坝已经变形，随时可能溃坝，下游的人赶紧撤离！'],
];
for (const [a, b] of more) { const e = pairEvidence(new Set(f(b)), f(a), weights); console.log(e.similarity.toFixed(2), 'p', sameClaimProbability(e, e.similarity - 0.2, C.answerModel).toFixed(4)); }
