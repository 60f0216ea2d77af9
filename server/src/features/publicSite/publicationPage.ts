/**
 * `/r/:slug`: a published verdict for the public, readable on a phone, in print and without
 * JavaScript. Every page of a retracted case leads with the retraction notice, shows the verdict
 * only as withdrawn, and carries no ClaimReview: a rating is what aggregators and search engines
 * show as the publisher's current finding, and schema.org has no way to mark one withdrawn that
 * they would read, so a retracted verdict gives them none.
 */
import type { Language } from '@refute/shared';
import type { PublicationRecord } from '../publications/model';
import { publicationUrl } from '../publications/presenter';
import { claimReviewJsonLd, jsonLdScript } from './claimReview';
import { embedIframe } from './embedCard';
import { renderDocument } from './layout';
import { escapeHtml, humanDate, linkTo, type PageContext } from './pageContext';
import type { PublicationPageData, VersionSummary } from './publicationData';
import { qrCodeSvg } from './qrCode';
import { SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH } from './shareImage';
import { EVIDENCE_KIND_LABELS, text, TOPIC_LABELS, VERDICT_LABELS } from './texts';

const htmlLang = (lang: Language) => (lang === 'zh' ? 'zh-CN' : 'en');
const DESCRIPTION_MAX = 200;

export const shareImageUrl = (baseUrl: string, slug: string) => `${publicationUrl(baseUrl, slug)}/share.png`;
export const oembedUrl = (baseUrl: string, pageUrl: string) => `${baseUrl}/oembed?url=${encodeURIComponent(pageUrl)}&format=json`;

/** The short description of a publication for sharing: its verdict and plain-language summary. */
export function shareDescription(publication: PublicationRecord): string {
  return clipped(`${VERDICT_LABELS[publication.verdict][publication.language]}: ${publication.summary}`);
}

const clipped = (description: string) => (description.length > DESCRIPTION_MAX ? `${description.slice(0, DESCRIPTION_MAX - 1)}…` : description);

/** What a shared link says: the verdict and summary, or that the verdict was retracted, and why. */
function shareText(publication: PublicationRecord, retraction: VersionSummary | null): { title: string; description: string } {
  const lang = publication.language;
  if (!retraction) return { title: `${VERDICT_LABELS[publication.verdict][lang]} | ${publication.headline}`, description: shareDescription(publication) };
  return { title: `${text(lang, 'retractedBadge')} | ${publication.headline}`, description: clipped(`${text(lang, 'retractedTitle')}: ${retraction.retractionReason ?? ''}`) };
}

function sharingTags(ctx: PageContext, data: PublicationPageData, pageUrl: string, canonicalUrl: string, firstPublished: Date): string {
  const { publication, retraction } = data;
  const { title, description } = shareText(publication, retraction);
  const image = shareImageUrl(ctx.baseUrl, publication.slug);
  const imageAlt = `${VERDICT_LABELS[publication.verdict][publication.language]}: ${publication.headline}`;
  const meta = (attribute: 'property' | 'name', key: string, value: string) => `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  // The share image shows the verdict as found: a retracted one is shared without it.
  const imageTags = retraction
    ? []
    : [
        meta('property', 'og:image', image),
        meta('property', 'og:image:type', 'image/png'),
        meta('property', 'og:image:width', String(SHARE_IMAGE_WIDTH)),
        meta('property', 'og:image:height', String(SHARE_IMAGE_HEIGHT)),
        meta('property', 'og:image:alt', imageAlt),
      ];
  return [
    `<link rel="canonical" href="${escapeHtml(canonicalUrl)}">`,
    // The page's words in each language (the publication itself is in one).
    ...(['zh', 'en'] as const).map((lang) => `<link rel="alternate" hreflang="${lang}" href="${escapeHtml(`${pageUrl}?lang=${lang}`)}">`),
    meta('name', 'description', description),
    meta('property', 'og:type', 'article'),
    meta('property', 'og:site_name', text(publication.language, 'siteName')),
    meta('property', 'og:locale', publication.language === 'zh' ? 'zh_CN' : 'en_US'),
    meta('property', 'og:title', title),
    meta('property', 'og:description', description),
    meta('property', 'og:url', canonicalUrl),
    ...imageTags,
    meta('property', 'article:published_time', firstPublished.toISOString()),
    meta('property', 'article:modified_time', (retraction?.publishedAt ?? publication.publishedAt).toISOString()),
    meta('name', 'twitter:card', retraction ? 'summary' : 'summary_large_image'),
    meta('name', 'twitter:title', title),
    meta('name', 'twitter:description', description),
    ...(retraction ? [] : [meta('name', 'twitter:image', image), meta('name', 'twitter:image:alt', imageAlt)]),
    `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(oembedUrl(ctx.baseUrl, pageUrl))}" title="${escapeHtml(publication.headline)}">`,
  ].join('\n');
}

function evidenceList(ctx: PageContext, publication: PublicationRecord): string {
  if (publication.evidence.length === 0) return '';
  const items = publication.evidence
    .map(
      (item) =>
        `<li><span class="kind">${escapeHtml(EVIDENCE_KIND_LABELS[item.kind][ctx.lang])}</span><a href="${escapeHtml(item.url)}" rel="noopener nofollow">${escapeHtml(item.title)}</a></li>`,
    )
    .join('');
  return `<section aria-labelledby="evidence"><h2 id="evidence">${escapeHtml(text(ctx.lang, 'evidence'))}</h2><ul class="evidence" lang="${htmlLang(publication.language)}">${items}</ul></section>`;
}

function versionHistory(ctx: PageContext, data: PublicationPageData): string {
  if (data.versions.length < 2) return '';
  const items = data.versions
    .map((version) => {
      const name = escapeHtml(text(ctx.lang, 'version', { n: version.version }));
      const link = version.slug === data.publication.slug ? `${name} ${escapeHtml(text(ctx.lang, 'thisVersion'))}` : `<a href="${escapeHtml(linkTo(ctx, `/r/${version.slug}`))}">${name}</a>`;
      const why = version.retractionReason
        ? `${escapeHtml(text(ctx.lang, 'retractionVersion'))}: ${escapeHtml(version.retractionReason)}`
        : escapeHtml(version.correctionReason ?? text(ctx.lang, 'firstVersion'));
      return `<li>${link} · <time datetime="${version.publishedAt.toISOString()}">${escapeHtml(humanDate(version.publishedAt, ctx.lang))}</time> · <span lang="${htmlLang(data.publication.language)}">${why}</span></li>`;
    })
    .join('');
  return `<section aria-labelledby="versions"><h2 id="versions">${escapeHtml(text(ctx.lang, 'versionHistory'))}</h2><ul class="versions">${items}</ul></section>`;
}

/** The retraction notice that opens every page of a retracted case: when, and why, in both the page's and the verdict's language. */
function retractionNotice(ctx: PageContext, data: PublicationPageData): string {
  const { retraction, publication } = data;
  if (!retraction) return '';
  const when = `<time datetime="${retraction.publishedAt.toISOString()}">${escapeHtml(humanDate(retraction.publishedAt, ctx.lang))}</time>`;
  // The date goes into the sentence as markup (a <time>): the words around it are escaped on their own.
  const intro = text(ctx.lang, 'retractedOn', { date: '{date}' }).split('{date}').map(escapeHtml).join(when);
  return `<section class="notice retracted" aria-labelledby="retracted" data-testid="retraction-notice">
<h2 id="retracted">${escapeHtml(text(ctx.lang, 'retractedTitle'))}</h2>
<p>${intro} <strong lang="${htmlLang(publication.language)}" data-testid="retraction-reason">${escapeHtml(retraction.retractionReason ?? '')}</strong></p>
</section>`;
}

function notices(ctx: PageContext, data: PublicationPageData): string {
  const { publication, versions } = data;
  const newest = versions[versions.length - 1];
  const parts: string[] = [retractionNotice(ctx, data)].filter(Boolean);
  // A retraction's notice already says the verdict no longer stands.
  if (newest && newest.version > publication.version && !data.retraction) {
    parts.push(
      `<div class="notice" role="note"><p>${escapeHtml(text(ctx.lang, 'newerVersion'))} <a href="${escapeHtml(linkTo(ctx, `/r/${newest.slug}`))}">${escapeHtml(text(ctx.lang, 'readNewest'))}</a></p></div>`,
    );
  }
  if (publication.correctionReason) {
    const intro = text(ctx.lang, 'correctionOf', { date: humanDate(publication.publishedAt, ctx.lang), n: publication.version });
    parts.push(
      `<div class="notice" role="note" aria-label="${escapeHtml(text(ctx.lang, 'correctionNotice'))}"><p><strong>${escapeHtml(intro)}</strong> <span lang="${htmlLang(publication.language)}">${escapeHtml(publication.correctionReason)}</span></p></div>`,
    );
  }
  return parts.join('\n');
}

async function shareSection(ctx: PageContext, publication: PublicationRecord, pageUrl: string): Promise<string> {
  const qr = await qrCodeSvg(pageUrl, text(ctx.lang, 'shareQr'));
  const embedCode = embedIframe(ctx.baseUrl, publication.slug, publication.headline);
  return `<section aria-labelledby="share"><h2 id="share">${escapeHtml(text(ctx.lang, 'share'))}</h2>
<div class="share">
<figure>${qr}<figcaption>${escapeHtml(text(ctx.lang, 'shareQr'))}</figcaption></figure>
<div class="links">
<p><label for="page-link">${escapeHtml(text(ctx.lang, 'pageLink'))}</label><br><input id="page-link" readonly value="${escapeHtml(pageUrl)}"></p>
<p><label for="embed-code">${escapeHtml(text(ctx.lang, 'embedIt'))}</label><br><input id="embed-code" readonly value="${escapeHtml(embedCode)}"></p>
</div>
</div></section>`;
}

/** The whole page; the rebuttal HTML was sanitized before it was stored. */
export async function renderPublicationPage(ctx: PageContext, data: PublicationPageData): Promise<string> {
  const { publication, versions, reviewer } = data;
  const pageUrl = publicationUrl(ctx.baseUrl, publication.slug);
  const newest = versions[versions.length - 1] ?? publication;
  const canonicalUrl = publicationUrl(ctx.baseUrl, newest.slug);
  const firstPublished = versions[0]?.publishedAt ?? publication.publishedAt;
  const verdictLabel = VERDICT_LABELS[publication.verdict][ctx.lang];
  const contentLang = htmlLang(publication.language);
  const retracted = data.retraction !== null;
  const jsonLd = retracted ? '' : jsonLdScript(claimReviewJsonLd({ data, url: pageUrl, baseUrl: ctx.baseUrl, lang: ctx.lang }));
  const verdictLine = retracted
    ? `<span class="badge retracted" data-verdict="retracted">${escapeHtml(text(ctx.lang, 'retractedBadge'))}</span> <span class="meta">${escapeHtml(text(ctx.lang, 'withdrawnVerdict'))}: <span class="withdrawn-verdict" data-withdrawn-verdict="${publication.verdict}">${escapeHtml(verdictLabel)}</span></span>`
    : `<span class="visually-hidden">${escapeHtml(text(ctx.lang, 'verdict'))}: </span><span class="badge verdict-${publication.verdict}" data-verdict="${publication.verdict}">${escapeHtml(verdictLabel)}</span>`;
  const content = `<section aria-labelledby="in-short"><h2 id="in-short">${escapeHtml(text(ctx.lang, 'inShort'))}</h2><p class="summary" lang="${contentLang}">${escapeHtml(publication.summary)}</p></section>
<section aria-labelledby="claim"><h2 id="claim">${escapeHtml(text(ctx.lang, 'claimAsReported'))}</h2><blockquote lang="${contentLang}"><p>${escapeHtml(publication.claimText)}</p></blockquote></section>
<section aria-labelledby="rebuttal"><h2 id="rebuttal">${escapeHtml(text(ctx.lang, 'rebuttal'))}</h2><div class="rebuttal" lang="${contentLang}">${publication.rebuttalHtml}</div></section>
${evidenceList(ctx, publication)}`;
  const dates = [
    `${escapeHtml(text(ctx.lang, 'published'))}: <time datetime="${firstPublished.toISOString()}">${escapeHtml(humanDate(firstPublished, ctx.lang))}</time>`,
    ...(publication.version > 1 || publication.publishedAt.getTime() !== firstPublished.getTime()
      ? [`${escapeHtml(text(ctx.lang, 'updated'))}: <time datetime="${publication.publishedAt.toISOString()}">${escapeHtml(humanDate(publication.publishedAt, ctx.lang))}</time>`]
      : []),
  ].join(' · ');
  const body = `${notices(ctx, data)}
<article>
<p>${verdictLine} <span class="meta">${escapeHtml(TOPIC_LABELS[publication.topic][ctx.lang])}</span></p>
<h1 lang="${contentLang}">${escapeHtml(publication.headline)}</h1>
${retracted ? `<div class="withdrawn"><p class="meta"><strong>${escapeHtml(text(ctx.lang, 'withdrawnContent'))}</strong></p>\n${content}</div>` : content}
<p class="meta">${escapeHtml(text(ctx.lang, 'reviewedBy'))}: <strong data-testid="reviewer">${escapeHtml(reviewer ? reviewer[ctx.lang] : text(ctx.lang, 'siteName'))}</strong></p>
<p class="meta">${dates}</p>
${versionHistory(ctx, data)}
</article>
${await shareSection(ctx, publication, pageUrl)}`;
  return renderDocument(ctx, {
    title: `${retracted ? text(ctx.lang, 'retractedBadge') : verdictLabel}: ${publication.headline} · ${text(ctx.lang, 'siteName')}`,
    head: `${sharingTags(ctx, data, pageUrl, canonicalUrl, firstPublished)}\n${jsonLd}`,
    body,
  });
}
