/**
 * Logistic regression over a handful of numeric features, fitted by batch gradient descent with
 * a little L2 regularisation: small enough to read, deterministic, and fitted offline by the
 * matching evaluation on the team's labelled pairs.
 */
export interface LogisticModel {
  /** One weight per feature, then the intercept. */
  coefficients: readonly number[];
}

export interface LabelledExample {
  features: readonly number[];
  positive: boolean;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function predict(model: LogisticModel, features: readonly number[]): number {
  let z = model.coefficients[features.length] ?? 0;
  features.forEach((value, i) => (z += (model.coefficients[i] ?? 0) * value));
  return sigmoid(z);
}

export interface FitOptions {
  iterations?: number;
  rate?: number;
  l2?: number;
  /**
   * The sign each feature's weight may take (1: at least 0, -1: at most 0, 0: either), so that
   * the model stays monotone where the meaning of a feature says it must be: on a few hundred
   * adversarial pairs a fit can otherwise learn that sharing more words is evidence against.
   */
  signs?: readonly number[];
}

export function fitLogistic(examples: readonly LabelledExample[], { iterations = 4000, rate = 0.5, l2 = 1e-3, signs = [] }: FitOptions = {}): LogisticModel {
  const width = examples[0]?.features.length ?? 0;
  const weights = new Array<number>(width + 1).fill(0);
  if (examples.length === 0) return { coefficients: weights };
  // Flat arrays and plain loops: the evaluation fits on tens of thousands of pairs for 20,000
  // steps. The sums run in the same order as `predict`'s, so the fit is the same.
  const values = Float64Array.from(examples.flatMap((example) => Array.from({ length: width }, (_, i) => example.features[i] ?? 0)));
  const targets = Float64Array.from(examples, (example) => (example.positive ? 1 : 0));
  const gradient = new Float64Array(width + 1);
  for (let step = 0; step < iterations; step += 1) {
    gradient.fill(0);
    for (let e = 0, row = 0; e < examples.length; e += 1, row += width) {
      let z = weights[width]!;
      for (let i = 0; i < width; i += 1) z += weights[i]! * values[row + i]!;
      const error = sigmoid(z) - targets[e]!;
      for (let i = 0; i < width; i += 1) gradient[i]! += error * values[row + i]!;
      gradient[width]! += error;
    }
    for (let i = 0; i <= width; i += 1) {
      const penalty = i < width ? l2 * weights[i]! : 0;
      weights[i]! -= rate * (gradient[i]! / examples.length + penalty);
      const sign = signs[i] ?? 0;
      if (sign * weights[i]! < 0) weights[i] = 0;
    }
  }
  return { coefficients: weights };
}
