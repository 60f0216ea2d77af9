/**
 * MinHash signatures and LSH band keys: texts whose feature sets overlap much share at least
 * one band key with high probability, so candidates are found by key lookups instead of a
 * scan. The hash functions are fixed (seeded), so every process computes the same keys.
 */
import { seededRandom } from '../../seededRandom';

export interface LshShape {
  bands: number;
  rows: number;
}

const PRIME = 4294967311; // smallest prime above 2^32
const MAX_HASHES = 256;

const random = seededRandom(0x5eed);
const COEFFICIENTS = Array.from({ length: MAX_HASHES }, () => ({
  a: Math.floor(random() * (PRIME - 1)) + 1,
  b: Math.floor(random() * (PRIME - 1)),
}));

/** FNV-1a over UTF-16 code units: a fast 32-bit hash of a feature. */
export function hashFeature(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i += 1) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** (a·x + b) mod p without losing precision: split a into 16-bit halves. */
function permute(x: number, a: number, b: number): number {
  const high = Math.floor(a / 65536);
  const low = a % 65536;
  const product = (((high * x) % PRIME) * 65536 + low * x) % PRIME;
  return (product + b) % PRIME;
}

export function minhashSignature(features: readonly string[], size: number): number[] {
  if (size > MAX_HASHES) throw new Error(`At most ${MAX_HASHES} hash functions`);
  const signature = new Array<number>(size).fill(Number.MAX_SAFE_INTEGER);
  for (const feature of features) {
    const x = hashFeature(feature);
    for (let i = 0; i < size; i += 1) {
      const { a, b } = COEFFICIENTS[i]!;
      const value = permute(x, a, b);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/** One key per band: the band number and a hash of its rows. No features, no keys. */
export function bandKeys(features: readonly string[], shape: LshShape): string[] {
  if (features.length === 0) return [];
  const signature = minhashSignature(features, shape.bands * shape.rows);
  const keys: string[] = [];
  for (let band = 0; band < shape.bands; band += 1) {
    const rows = signature.slice(band * shape.rows, (band + 1) * shape.rows);
    keys.push(`${band}:${hashFeature(rows.join(',')).toString(36)}`);
  }
  return keys;
}

/**
 * The same bands as 30-bit numbers, one per band in band order, for in-memory tables keyed per
 * band: small integers are stored inline by V8, where a string key costs an object each.
 */
export function bandHashes(features: readonly string[], shape: LshShape): number[] {
  if (features.length === 0) return [];
  const signature = minhashSignature(features, shape.bands * shape.rows);
  const hashes: number[] = [];
  for (let band = 0; band < shape.bands; band += 1) {
    hashes.push(hashFeature(signature.slice(band * shape.rows, (band + 1) * shape.rows).join(',')) & 0x3fffffff);
  }
  return hashes;
}

/** The probability that two sets with Jaccard similarity j share at least one band. */
export function candidateProbability(j: number, shape: LshShape): number {
  return 1 - (1 - j ** shape.rows) ** shape.bands;
}
