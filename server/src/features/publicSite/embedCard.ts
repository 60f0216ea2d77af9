/** `/embed/:slug` (a compact verdict card for media to frame in their articles) and its oEmbed description. */
import type { Language } from '@refute/shared';
import type { PublicationRecord } from '../publications/model';
import { publicationUrl } from '../publications/presenter';
import { renderDocument } from './layout';
import { escapeHtml, type PageContext } from './pageContext';
import { text, VERDICT_LABELS } from './texts';

export const EMBED_WIDTH = 560;
export const EMBED_HEIGHT = 320;

export const embedUrl = (baseUrl: string, slug: string) => `${baseUrl}/embed/${encodeURIComponent(slug)}`;

/** The HTML a site pastes (or an oEmbed consumer inserts) to show the card. */
export function embedIframe(baseUrl: string, slug: string, title: string, width = EMBED_WIDTH, height = EMBED_HEIGHT): string {
  return `<iframe src="${escapeHtml(embedUrl(baseUrl, slug))}" width="${width}" height="${height}" title="${escapeHtml(title)}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

const htmlLang = (lang: Language) => (lang === 'zh' ? 'zh-CN' : 'en');

export function renderEmbedCard(ctx: PageContext, publication: PublicationRecord): string {
  const pageUrl = publicationUrl(ctx.baseUrl, publication.slug);
  const contentLang = htmlLang(publication.language);
  const body = `<div class="card verdict-border-${publication.verdict}">
<p><span class="visually-hidden">${escapeHtml(text(ctx.lang, 'verdict'))}: </span><span class="badge verdict-${publication.verdict}" data-verdict="${publication.verdict}">${escapeHtml(VERDICT_LABELS[publication.verdict][ctx.lang])}</span></p>
<h1 lang="${contentLang}">${escapeHtml(publication.headline)}</h1>
<p class="summary" lang="${contentLang}">${escapeHtml(publication.summary)}</p>
<p><a href="${escapeHtml(pageUrl)}" target="_blank" rel="noopener">${escapeHtml(text(ctx.lang, 'readFull'))}</a> · ${escapeHtml(text(ctx.lang, 'siteName'))}</p>
</div>`;
  return renderDocument(ctx, { title: `${VERDICT_LABELS[publication.verdict][ctx.lang]}: ${publication.headline}`, body, bare: true });
}

export interface OembedResponse {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
}

/** oEmbed 1.0 `rich`: the card's iframe, within the consumer's maxwidth and maxheight. */
export function oembedOf(
  baseUrl: string,
  publication: PublicationRecord,
  lang: Language,
  limits: { maxwidth?: number | undefined; maxheight?: number | undefined },
  thumbnail: { url: string; width: number; height: number },
): OembedResponse {
  const width = Math.min(EMBED_WIDTH, limits.maxwidth ?? EMBED_WIDTH);
  const height = Math.min(EMBED_HEIGHT, limits.maxheight ?? EMBED_HEIGHT);
  const title = `${VERDICT_LABELS[publication.verdict][lang]}: ${publication.headline}`;
  // oEmbed: a thumbnail must fit the consumer's maxwidth and maxheight, else it is left out.
  const thumbnailFits = thumbnail.width <= (limits.maxwidth ?? Infinity) && thumbnail.height <= (limits.maxheight ?? Infinity);
  return {
    version: '1.0',
    type: 'rich',
    title,
    provider_name: text(lang, 'siteName'),
    provider_url: `${baseUrl}/`,
    html: embedIframe(baseUrl, publication.slug, title, width, height),
    width,
    height,
    ...(thumbnailFits ? { thumbnail_url: thumbnail.url, thumbnail_width: thumbnail.width, thumbnail_height: thumbnail.height } : {}),
  };
}
