/**
 * Text normalisation for matching: removes what reposting adds (links, mentions, hashtags,
 * emoji, "转发" boilerplate, width and punctuation variants) and keeps the words.
 */
import { createHash } from 'node:crypto';
import type { Language } from '@refute/shared';
import type * as OpenCCModule from 'opencc-js/t2cn' with { 'resolution-mode': 'import' };

// opencc-js declares itself an ES module but ships a CommonJS build, which this loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js/t2cn') as typeof OpenCCModule;

/** Traditional (Taiwan, Hong Kong and generic) to Simplified, so both forms of a text match. */
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION_PATTERN = /@[\p{L}\p{N}_.-]+/gu;
/** Weibo-style #话题# tags, then single-ended #hashtags. */
const PAIRED_TAG_PATTERN = /#[^#\n]{1,40}#/gu;
const HASHTAG_PATTERN = /#[\p{L}\p{N}_]+/gu;
const EMOJI_PATTERN = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}\u{20E3}]/gu;
const REPOST_PATTERN =
  /(?:紧急)?(?:扩散|转发|转给|速看|速转|必看|赶紧看|快看|请转告|转需|已转)(?:给)?(?:家人|朋友|亲友|所有人|大家)?|\b(?:rt|fwd|repost(?:ed)?|please share|share this|must read)\b/giu;
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;

export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC'))
    .toLowerCase()
    .replace(URL_PATTERN, ' ')
    .replace(MENTION_PATTERN, ' ')
    .replace(PAIRED_TAG_PATTERN, ' ')
    .replace(HASHTAG_PATTERN, ' ')
    .replace(EMOJI_PATTERN, ' ')
    .replace(REPOST_PATTERN, ' ')
    .replace(PUNCTUATION_OR_SYMBOL, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The key under which reports of the same normalised text share a case. A text with nothing
 * left after normalisation (only emoji, links or tags) is keyed on its raw form instead, so
 * such reports do not all fall into one case.
 */
export function exactMatchKey(normalizedText: string, rawText = ''): string {
  const basis = normalizedText.replace(/\s+/gu, '') || `raw:${rawText.trim()}`;
  return createHash('sha256').update(basis).digest('hex');
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;

/** Chinese when Han characters outweigh Latin letters (one Han character ≈ one word ≈ 4 letters). */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return han * 4 >= latin && han > 0 ? 'zh' : 'en';
}
