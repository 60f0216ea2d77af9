/** Written by `npm run eval:matching -- --fit`; see answerModel.ts. */
export const ANSWER_CALIBRATION = {
  joinModel: { coefficients: [2.2491, 1.8811, 2.7032, 0.9357, 2.2709, 8.0268, -3.7733] },
  answerModel: { coefficients: [-0.1289, 2.1548, 3.6254, -1.0453, 2.2406, 12.3345, -3.2255] },
  joinProbability: 0.55,
  answerProbability: 0.998,
};
