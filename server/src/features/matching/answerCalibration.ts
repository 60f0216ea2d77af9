/** Written by `npm run eval:matching -- --fit` (the join rule alone: `-- --fit-join`): the join rule and the model it reads; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0, 0, 1.3511, 0, 0.0801, 0, 0, 0, 0, -0.9443, 0, -4.0858, 5.2732, 3.0755, -2.2527] },
  joinSimilarity: 0.3,
  joinCoreGap: 0,
  joinProbability: 0.35,
  rankModel: { coefficients: [2.4025, 2.4812, 2.8133, 1.917, 4.3104, -0.0915, -2.1754, 0, -0.8064, -1.6195, -0.9081, 0, 1.8064, 4.2732, 3.7061, -2.8133] },
};
