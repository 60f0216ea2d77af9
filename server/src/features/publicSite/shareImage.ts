/**
 * The share image of a publication (Open Graph / Twitter card): its verdict and headline drawn as
 * SVG and rendered to PNG with resvg, with the Noto CJK font installed by the scripts
 * (fonts-noto-cjk) so Chinese headlines render offline. A publication never changes, so each
 * image is rendered once and kept.
 */
import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { Language, Verdict } from '@refute/shared';
import { escapeHtml } from './pageContext';
import { VERDICT_COLOURS } from './styles';
import { text, VERDICT_LABELS } from './texts';

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;

/** Where Debian's fonts-noto-cjk puts the font; elsewhere the system's fonts are searched. */
const CJK_FONT_FILES = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'];
const FONT_FAMILY = 'Noto Sans CJK SC';

export interface ShareImageInput {
  slug: string;
  verdict: Verdict;
  headline: string;
  language: Language;
}

const kept = new Map<string, Buffer>();
const MAX_KEPT = 200;

export function shareImagePng(input: ShareImageInput): Buffer {
  const hit = kept.get(input.slug);
  if (hit) return hit;
  const fontFiles = CJK_FONT_FILES.filter((file) => fs.existsSync(file));
  const png = new Resvg(shareImageSvg(input), {
    fitTo: { mode: 'original' },
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: FONT_FAMILY },
  })
    .render()
    .asPng();
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(input.slug, png);
  return png;
}

const isWide = (char: string) => /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(char);

/** Breaks `value` into lines of at most `maxWidth` (in em), Han characters one by one, other words whole. */
export function wrapLines(value: string, maxWidth: number, maxLines: number): string[] {
  const tokens = value.match(/[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+/g) ?? [];
  const widthOf = (token: string) => [...token].reduce((sum, char) => sum + (isWide(char) ? 1 : 0.56), 0);
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (widthOf(line + token) > maxWidth && line.trim()) {
      lines.push(line.trim());
      line = /^\s+$/.test(token) ? '' : token;
    } else {
      line += token;
    }
  }
  if (line.trim()) lines.push(line.trim());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/.$/u, '')}…`;
  return kept;
}

export function shareImageSvg({ verdict, headline, language }: ShareImageInput): string {
  const colour = VERDICT_COLOURS[verdict]!;
  const lines = wrapLines(headline, 17, 3);
  const headlineText = lines
    .map((line, index) => `<text x="80" y="${300 + index * 88}" font-size="68" font-weight="700" fill="#111111">${escapeHtml(line)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_IMAGE_WIDTH}" height="${SHARE_IMAGE_HEIGHT}" viewBox="0 0 ${SHARE_IMAGE_WIDTH} ${SHARE_IMAGE_HEIGHT}" font-family="${FONT_FAMILY}, sans-serif">
<rect width="100%" height="100%" fill="#ffffff"/>
<rect width="28" height="100%" fill="${colour}"/>
<rect x="80" y="70" width="${80 + 64 * Math.max(2, [...VERDICT_LABELS[verdict][language]].reduce((sum, char) => sum + (isWide(char) ? 1 : 0.6), 0))}" height="110" rx="14" fill="${colour}"/>
<text x="120" y="148" font-size="64" font-weight="700" fill="#ffffff">${escapeHtml(VERDICT_LABELS[verdict][language])}</text>
${headlineText}
<text x="80" y="580" font-size="36" fill="#424242">${escapeHtml(text(language, 'siteName'))} · ${escapeHtml(text(language, 'siteTagline'))}</text>
</svg>`;
}
