/** Written by `npm run eval:matching -- --fit`; see answerModel.ts. */
export const ANSWER_CALIBRATION = {
  joinModel: { coefficients: [4.0296, -2.4311, 0.1917, -0.6694, 2.8556, 6.8329, -2.7979] },
  answerModel: { coefficients: [0.7993, -1.6881, -0.3569, -2.7373, 3.2839, 10.6206, -2.0927] },
  joinProbability: 0.5,
  answerProbability: 0.994,
};
