/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0.7993, -1.6881, -0.3569, -2.7373, 3.2839, 10.6206, -2.0927] },
  answerProbability: 0.994,
  joinSimilarity: 0.3,
  joinCoreGap: 0.1,
};
