/** `/embed/:slug` (a compact verdict card for media to frame in their articles) and its oEmbed description. */
import type { Language } from '@refute/shared';
import type { PublicationRecord } from '../publications/model';
import { publicationUrl } from '../publications/presenter';
import { renderDocument } from './layout';
import { escapeHtml, humanDate, type PageContext } from './pageContext';
import type { VersionSummary } from './publicationData';
import { text, VERDICT_LABELS } from './texts';

export const EMBED_WIDTH = 560;
export const EMBED_HEIGHT = 320;

export const embedUrl = (baseUrl: string, slug: string) => `${baseUrl}/embed/${encodeURIComponent(slug)}`;

/** The HTML a site pastes (or an oEmbed consumer inserts) to show the card. */
export function embedIframe(baseUrl: string, slug: string, title: string, width = EMBED_WIDTH, height = EMBED_HEIGHT): string {
  return `<iframe src="${escapeHtml(embedUrl(baseUrl, slug))}" width="${width}" height="${height}" title="${escapeHtml(title)}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

const htmlLang = (lang: Language) => (lang === 'zh' ? 'zh-CN' : 'en');

/** The card's title: the verdict, or that it was retracted. */
const cardTitle = (publication: PublicationRecord, lang: Language, retracted: boolean) =>
  `${retracted ? text(lang, 'retractedBadge') : VERDICT_LABELS[publication.verdict][lang]}: ${publication.headline}`;

/**
 * The card. A card already framed in an article keeps loading from here, so a retraction
 * replaces the verdict and summary with the notice and its reason.
 */
export function renderEmbedCard(ctx: PageContext, publication: PublicationRecord, retraction: VersionSummary | null): string {
  const pageUrl = publicationUrl(ctx.baseUrl, publication.slug);
  const contentLang = htmlLang(publication.language);
  const verdict = retraction
    ? `<span class="badge retracted" data-verdict="retracted">${escapeHtml(text(ctx.lang, 'retractedBadge'))}</span>`
    : `<span class="visually-hidden">${escapeHtml(text(ctx.lang, 'verdict'))}: </span><span class="badge verdict-${publication.verdict}" data-verdict="${publication.verdict}">${escapeHtml(VERDICT_LABELS[publication.verdict][ctx.lang])}</span>`;
  const summary = retraction
    ? `<p class="notice retracted" data-testid="retraction-notice">${escapeHtml(text(ctx.lang, 'retractedTitle'))} (<time datetime="${retraction.publishedAt.toISOString()}">${escapeHtml(humanDate(retraction.publishedAt, ctx.lang))}</time>): <span lang="${contentLang}">${escapeHtml(retraction.retractionReason ?? '')}</span></p>`
    : `<p class="summary" lang="${contentLang}">${escapeHtml(publication.summary)}</p>`;
  const body = `<div class="card verdict-border-${retraction ? 'retracted' : publication.verdict}">
<p>${verdict}</p>
<h1 lang="${contentLang}">${escapeHtml(publication.headline)}</h1>
${summary}
<p><a href="${escapeHtml(pageUrl)}" target="_blank" rel="noopener">${escapeHtml(text(ctx.lang, 'readFull'))}</a> · ${escapeHtml(text(ctx.lang, 'siteName'))}</p>
</div>`;
  return renderDocument(ctx, { title: cardTitle(publication, ctx.lang, retraction !== null), body, bare: true });
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
  retracted: boolean,
  lang: Language,
  limits: { maxwidth?: number | undefined; maxheight?: number | undefined },
  thumbnail: { url: string; width: number; height: number },
): OembedResponse {
  const width = Math.min(EMBED_WIDTH, limits.maxwidth ?? EMBED_WIDTH);
  const height = Math.min(EMBED_HEIGHT, limits.maxheight ?? EMBED_HEIGHT);
  const title = cardTitle(publication, lang, retracted);
  // oEmbed: a thumbnail must fit the consumer's maxwidth and maxheight, else it is left out; it
  // shows the verdict, so a retracted one has none.
  const thumbnailFits = !retracted && thumbnail.width <= (limits.maxwidth ?? Infinity) && thumbnail.height <= (limits.maxheight ?? Infinity);
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
