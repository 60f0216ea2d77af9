/** Written by `npm run fit:register`; see register.ts. */
export const REGISTER_CALIBRATION = {
  model: { coefficients: [0.46, 0.47, 1.72, 2.89, 1.72, 3.36, 1.67, 0.87, -3.09, -3.02, -1.54, -1.62, 1.08, -2.4] },
  bar: 0.75,
};
