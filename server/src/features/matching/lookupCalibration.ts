/** Written by `npm run eval:matching -- --fit`; see lookupRanking.ts. */
export const LOOKUP_CALIBRATION = {
  rankModel: { coefficients: [1.4297, 1.7192, 1.4384, 1.5418, 3.6754, 0, -2.3784, 0, -0.4008, -0.9646, -1.056, 0, 0.7377, 4.2693, 1.2244, -1.4384, 3.8942, 3.0777, -3.8942, -0.2138, -0.0587] },
  answerModel: { coefficients: [0, 0, 0, 0, 0, 0, -0.1754, 0, 0, 0, 0, -4.0132, 2.6019, 3.1391, 2.5355, 0.9153, -2.8087, 0, -0.9097, -5, -2.178] },
  answerProbability: 0.95,
  crossLingualLead: 0.05,
};
