/** Written by `npm run eval:matching -- --fit`; see answerModel.ts. */
export const ANSWER_CALIBRATION = {
  model: { coefficients: [0.802, 5.7233, 2.0343, 4.475, 0.6274, 3.8781, 2.8261, -9.8003] },
  joinProbability: 0.4,
  answerProbability: 0.99,
};
