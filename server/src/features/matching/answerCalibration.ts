/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0, 0, 1.4614, 0, 1.2454, 0, 0, 0, 0, -0.8735, 0, 7.5399, 0.2014, -2.0546] },
  answerProbability: 0.996,
  joinSimilarity: 0.35,
  joinCoreGap: 0.1,
  joinProbability: 0.1,
};
