/** Synthetic rumor texts for the benchmarks: reproducible, Zipf-like words, reposts that reword. */

/** mulberry32: a 32-bit generator with a period long enough for a million distinct texts. */
let seed = 42;
export const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'ven', 'dar', 'qu', 'zel', 'mor', 'tis', 'gan', 'bel'];
const VOCABULARY = Array.from({ length: 40_000 }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
/** Zipf-like: a few words are common, most are rare, as in real text. */
const word = () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 2.5)]!;
export const caseText = () => Array.from({ length: 10 + Math.floor(random() * 8) }, word).join(' ');
/** A repost: a few words dropped, a few added, order mostly kept. */
export const repost = (text: string) => {
  const words = text.split(' ').filter(() => random() > 0.15);
  for (let i = 0; i < 2; i += 1) words.splice(Math.floor(random() * words.length), 0, word());
  return words.join(' ');
};
