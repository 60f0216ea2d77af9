/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0, 0, 1.6924, 0, 0, 0, 0, 0, 0, -0.8501, 0, 5.2291, 3.0876, -2.41] },
  answerProbability: 0.994,
  joinSimilarity: 0.35,
  joinCoreGap: 0.1,
  joinProbability: 0.1,
};
