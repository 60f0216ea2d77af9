/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0, 0, 1.3338, 0, 0, 0, 0, 0, 0, -0.9177, 0, 4.9734, 3.0869, -2.2192] },
  answerProbability: 0.992,
  joinSimilarity: 0.35,
  joinCoreGap: 0.1,
  joinProbability: 0.1,
};
