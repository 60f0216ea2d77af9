/** Written by `npm run fit:register`; see register.ts. */
export const REGISTER_CALIBRATION = {
  model: { coefficients: [0.46, 0.48, 1.79, 3.37, 1.65, 3.38, 1.65, 0.97, -2.99, -2.91, -1.58, -1.67, 1.13, -2.41] },
  bar: 0.75,
};
