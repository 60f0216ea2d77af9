/** Written by `npm run eval:matching -- --fit`; see answerModel.ts. */
export const ANSWER_CALIBRATION = {
  joinModel: { coefficients: [2.4614, 1.0077, 2.3245, 0.5773, 2.5196, 8.0854, -3.641] },
  answerModel: { coefficients: [-0.221, 1.9308, 3.0944, -0.8643, 2.4014, 11.9233, -3.1844] },
  joinProbability: 0.55,
  answerProbability: 0.999,
};
