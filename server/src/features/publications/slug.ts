import type * as Transliteration from 'transliteration';
import { loadAtFirstUse } from '../../loadAtFirstUse';

const MAX_WORDS_LENGTH = 60;

/** transliteration (with its character tables) at the first publication, not at every start. */
function slugify(...args: Parameters<typeof Transliteration.slugify>): string {
  return loadAtFirstUse<typeof Transliteration>('transliteration').slugify(...args);
}

/** The headline as lowercase ASCII words (Chinese as pinyin), cut at a word boundary. */
function headlineWords(headline: string): string {
  const words = slugify(headline, { lowercase: true, separator: '-', trim: true }).replace(/[^a-z0-9-]/g, '');
  if (words.length <= MAX_WORDS_LENGTH) return words;
  const cut = words.slice(0, MAX_WORDS_LENGTH + 1);
  return cut.slice(0, Math.max(cut.lastIndexOf('-'), 1)).replace(/-+$/, '');
}

/**
 * A readable slug for a publication: its headline's words and the end of its case id
 * (`wei-bo-lu-jia-re-shi-wu-hui-zhi-ai-3f9a01c2`), `-v2` onwards for corrections. The same
 * input always gives the same slug, so a retried approval writes the same one.
 */
export function readableSlug(headline: string, caseId: string, version: number): string {
  const words = headlineWords(headline);
  const id = caseId.slice(-8);
  return [words, id, version > 1 ? `v${version}` : ''].filter(Boolean).join('-');
}

/** Used when the readable slug is taken (two cases whose ids end alike and headlines match). */
export const fullSlug = (caseId: string, version: number) => `${caseId}-v${version}`;
