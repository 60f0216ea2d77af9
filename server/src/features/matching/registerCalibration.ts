/** Written by `npm run fit:register`; see register.ts. */
export const REGISTER_CALIBRATION = {
  model: { coefficients: [0.48, 0.5, 1.75, 2.84, 1.74, 2.95, 0.93, -3.06, -2.93, -1.73, -1.52, 1.11, -2.46] },
  bar: 0.75,
};
