/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0, 0, 0, 0, 1.8893, 0, 0, 0, 0, -1.5079, 0, 7.5716, -1.2388] },
  answerProbability: 0.996,
  joinSimilarity: 0.3,
  joinCoreGap: 0.1,
  joinProbability: 0.1,
};
