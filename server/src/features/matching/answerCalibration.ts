/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [0, 0, 1.4036, 0, 0.9953, 0, 0, 0, 0, -0.8528, 0, 7.5826, 0.7736, -2.0369] },
  answerProbability: 0.996,
  joinSimilarity: 0.3,
  joinCoreGap: 0.1,
  joinProbability: 0.35,
};
