import { SITE_CSS } from './styles';
import { escapeHtml, linkTo, otherLanguageLink, type PageContext } from './pageContext';
import { text } from './texts';

export interface DocumentParts {
  title: string;
  /** Extra elements for <head>: sharing tags, JSON-LD, discovery links. */
  head?: string;
  body: string;
  /** The embed card: no site header and footer. */
  bare?: boolean;
}

/** The text-size switch: a plain link (no JavaScript), remembered by a cookie on the way back. */
function textSizeSwitch(ctx: PageContext): string {
  const href = linkTo(ctx, '/display', { text: ctx.largeType ? 'standard' : 'large', back: ctx.path });
  return `<a class="switch" href="${escapeHtml(href)}" rel="nofollow">${escapeHtml(text(ctx.lang, ctx.largeType ? 'largeTypeOff' : 'largeTypeOn'))}</a>`;
}

/** A whole public page: the shell around `parts.body`, in the reader's language and text size. */
export function renderDocument(ctx: PageContext, parts: DocumentParts): string {
  const lang = ctx.lang === 'zh' ? 'zh-CN' : 'en';
  const header = parts.bare
    ? ''
    : `<a class="skip" href="#main">${escapeHtml(text(ctx.lang, 'skipToContent'))}</a>
<header class="site"><div class="bar">
<a class="brand" href="${escapeHtml(linkTo(ctx, '/search'))}">${escapeHtml(text(ctx.lang, 'siteName'))}</a>
<nav aria-label="${escapeHtml(text(ctx.lang, 'siteName'))}">
<a href="${escapeHtml(linkTo(ctx, '/search'))}">${escapeHtml(text(ctx.lang, 'searchLink'))}</a>
<a href="${escapeHtml(otherLanguageLink(ctx))}" lang="${ctx.lang === 'zh' ? 'en' : 'zh-CN'}" hreflang="${ctx.lang === 'zh' ? 'en' : 'zh'}">${escapeHtml(text(ctx.lang, 'switchLanguage'))}</a>
${textSizeSwitch(ctx)}
</nav></div></header>`;
  const footer = parts.bare ? '' : `<footer class="site"><div class="bar"><span>${escapeHtml(text(ctx.lang, 'siteTagline'))}</span></div></footer>`;
  return `<!doctype html>
<html lang="${lang}"${ctx.largeType ? ' class="large"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
${parts.head ?? ''}
<style>${SITE_CSS}</style>
</head>
<body${parts.bare ? ' class="embed"' : ''}>
${header}
<main id="main">
${parts.body}
</main>
${footer}
</body>
</html>`;
}
