/**
 * Text normalisation for matching: removes what reposting adds (links, mentions, hashtags,
 * emoji, "转发" boilerplate, width and punctuation variants) and keeps the words.
 */
import { createHash } from 'node:crypto';
import type { Language } from '@refute/shared';
import type * as OpenCCModule from 'opencc-js/t2cn' with { 'resolution-mode': 'import' };
import { isDebunk, isDenial } from './tokens';

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
/** What Weibo adds to a post: the repost label, the fold and the link and video placeholders. */
const WEIBO_BOILERPLATE_PATTERN = /转发微博|展开全文(?:c(?=\s|$))?|收起全文(?:d(?=\s|$))?|(?:(?<=\s|^)o)?网页链接|(?<=\s|^)l[\p{L}\p{N}_-]{1,30}的微博视频/giu;
/** A thousands separator (28,018), so that a figure stays one figure. */
const THOUSANDS_SEPARATOR = /(?<=\d)[,，](?=\d{3}(?!\d))/gu;
const REPOST_PATTERN =
  /(?:紧急)?(?:扩散|转发|转给|速看|速转|必看|赶紧看|快看|请转告|转需|已转)(?:给)?(?:家人|朋友|亲友|所有人|大家)?|\b(?:rt|fwd|repost(?:ed)?|please share|share this|must read)\b/giu;
/**
 * Framing around a claim that says nothing about the claim itself: a request to check it
 * (求证, 真的吗, is it true), hearsay (听说, 据说, 专家说), alarm (紧急通知, 大家注意, breaking) and
 * question particles. Stripped so that a short question ("地震云能预测地震吗？") or a post that
 * wraps the claim in an appeal is compared on its claim alone; the claim's own words stay.
 */
const FRAMING_PATTERN = new RegExp(
  [
    '求证|辟谣一下|真的假的|是真的吗|真的吗|是不是真的|有没有科学依据|靠谱吗|可信吗|听说|据说|网传|有人说|请问',
    '(?:紧急|重要|温馨)(?:通知|提醒|消息|提示)|紧急|重要提醒|最新消息|刚刚收到|刚刚|内部消息|大家注意了?|请注意|注意了|提醒大家|告诉大家|朋友们|家人们|各位',
    '(?:有)?(?:专家|医生|教授)(?:说|称|表示|提醒|指出|证实)(?:了)?|(?:据)?(?:专家|医生)(?:介绍)',
    '[吗呢嘛啊呀吧]+(?=[\\s\\p{P}]|$)',
    '\\b(?:is it true(?: that)?|is this true|fact check|i heard(?: that)?|they say|apparently|really|breaking(?: news)?|urgent|(?:doctors?|experts?|scientists?) (?:say|said|warn|warned|confirm|confirmed)(?: that)?)\\b',
  ].join('|'),
  'giu',
);
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;

/**
 * Where a repost's comments end and the post it passes on begins: Weibo's chains (评论//@昵称:评论
 * //@昵称:原文), 转：, 转自朋友圈：, 【转】, and "RT @handle:".
 */
const REPOSTED_POST_START = /\/\/\s*@[^:\s]{1,30}\s*:|(?:^|[\s\p{P}])转(?:自[^:\s\p{P}]{0,10})?:|【转】|\brt\s+@[\w.]{1,30}\s*:/giu;
/** A post passed on counts as the claim when it holds at least this many Han characters or Latin words. */
const POSTED_HAN_CHARACTERS = 6;
const POSTED_WORDS = 4;

/**
 * The words of a repost: those of the post it passes on, without the comments before it. The
 * claim is in the post; the comments are reactions (太吓人了, 我妈发给我的, 转给爸妈看看) that
 * reposts of any rumor share, and they made two rumors' reposts alike and a repost unlike its own
 * rumor. A text is kept whole when what follows its last marker is too little to be a claim or
 * shorter than what precedes it (a source line, 转自：某公众号; a reposter's last comment where
 * the post itself is not in the text; emoji codes), or when the comments deny or debunk what it
 * passes on (这是谣言//@…): that is a denial, never the rumor's own report.
 */
function repostWords(text: string): string {
  let last: RegExpExecArray | undefined;
  for (const marker of text.matchAll(REPOSTED_POST_START)) last = marker;
  if (!last) return normalizedWords(text);
  const post = normalizedWords(text.slice(last.index + last[0].length));
  const comments = normalizedWords(text.slice(0, last.index));
  const substantial = (post.match(/\p{Script=Han}/gu)?.length ?? 0) >= POSTED_HAN_CHARACTERS || (post.match(/\p{L}+/gu)?.length ?? 0) >= POSTED_WORDS;
  return substantial && post.length >= comments.length && !isDenial(comments) && !isDebunk(comments) ? post : normalizedWords(text);
}

export function normalizeText(text: string): string {
  return repostWords(toSimplified(text.normalize('NFKC')));
}

/** Words of a text already in NFKC and Simplified Chinese. */
function normalizedWords(text: string): string {
  return text
    .toLowerCase()
    .replace(URL_PATTERN, ' ')
    .replace(MENTION_PATTERN, ' ')
    .replace(PAIRED_TAG_PATTERN, ' ')
    .replace(HASHTAG_PATTERN, ' ')
    .replace(EMOJI_PATTERN, ' ')
    .replace(WEIBO_BOILERPLATE_PATTERN, ' ')
    .replace(THOUSANDS_SEPARATOR, '')
    .replace(REPOST_PATTERN, ' ')
    .replace(FRAMING_PATTERN, ' ')
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
