/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [-0.3301, -1.2485, -2.2708, -0.9071, 2.8785, 2.9505, 1.1636, -1.7381, -2.3411, -2.5062, 0.787, 9.4204, -0.3885] },
  answerProbability: 0.994,
  joinSimilarity: 0.3,
  joinCoreGap: 0.1,
};
