/** Written by `npm run eval:matching -- --fit`; see answerModel.ts. */
export const ANSWER_CALIBRATION = {
  joinModel: { coefficients: [3.5177, 1.0914, 2.1161, 1.9391, 0.874, 2.753, 2.4384, 6.1032, -7.9579] },
  answerModel: { coefficients: [1.3107, 2.4252, 3.1724, 0.9973, 1.4184, 2.6816, 2.2243, 8.6147, -8.3761] },
  joinProbability: 0.45,
  answerProbability: 0.999,
};
