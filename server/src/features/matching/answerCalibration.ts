/** Written by `npm run eval:matching -- --fit`; see answerModel.ts and assess.ts (`joinsOpenCase`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [-0.3605, -1.3478, -2.2689, -0.8574, 2.8965, 2.5056, 1.2264, -1.4369, -2.2396, -2.6179, 0.8578, 9.4167, -0.3279] },
  answerProbability: 0.994,
  joinSimilarity: 0.3,
  joinCoreGap: 0.1,
  joinProbability: 0,
};
