import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';
import Negotiator from 'negotiator';
import type { Language } from '@refute/shared';
import { baseUrlOf } from '../../http/baseUrl';

/** The cookie that remembers large-type reading (适老化) across the public pages. */
export const TEXT_SIZE_COOKIE = 'refute_text';

/** What every public page is rendered with: the reader's language and text size, and where the site is. */
export interface PageContext {
  lang: Language;
  /** The language was chosen in the link (`?lang=`): links on the page keep it. */
  langInLink: boolean;
  largeType: boolean;
  baseUrl: string;
  /** The path and query of this request, for the text-size switch to come back to. */
  path: string;
}

/**
 * What a page takes from the request's headers: the language the browser prefers of ours
 * (Chinese when it names neither) and whether the reader chose large type. The one reading of
 * them, for the pages and for the key their kept answers are found under (keptPages.ts).
 */
export function readerPreferences(headers: IncomingHttpHeaders): { acceptedLang: Language; largeType: boolean } {
  const cookie = headers.cookie;
  const textSize = cookie !== undefined && cookie.includes(TEXT_SIZE_COOKIE) ? parseCookies(cookie)[TEXT_SIZE_COOKIE] : undefined;
  // A quoted value is the same value (RFC 6265), as cookie-parser reads it for the rest of the app.
  const largeType = textSize === 'large' || textSize === '"large"';
  return { acceptedLang: acceptedLanguage(headers['accept-language']), largeType };
}

/** Browsers send a few distinct Accept-Language values: each is read once (this runs on every page request). */
const languageOfHeader = new Map<string, Language>();
const MAX_HEADERS_KEPT = 256;

function acceptedLanguage(header: string | undefined): Language {
  // No preference: Chinese, the first of ours.
  if (header === undefined) return 'zh';
  let lang = languageOfHeader.get(header);
  if (!lang) {
    lang = new Negotiator({ headers: { 'accept-language': header } }).languages(['zh', 'en'])[0] === 'en' ? 'en' : 'zh';
    if (languageOfHeader.size >= MAX_HEADERS_KEPT) languageOfHeader.clear();
    languageOfHeader.set(header, lang);
  }
  return lang;
}

/** `?lang=` first, then the browser's Accept-Language; Chinese when neither says. */
export function pageContext(req: Request, chosenLang: Language | undefined): PageContext {
  const { acceptedLang, largeType } = readerPreferences(req.headers);
  return { lang: chosenLang ?? acceptedLang, langInLink: chosenLang !== undefined, largeType, baseUrl: baseUrlOf(req), path: req.originalUrl };
}

/** A path on this site with its query, keeping the page's language when the link chose it. */
export function linkTo(ctx: PageContext, path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  if (ctx.langInLink && !params.has('lang')) params.set('lang', ctx.lang);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The same page in the other language. */
export function otherLanguageLink(ctx: PageContext): string {
  const url = new URL(ctx.path, 'http://page.invalid');
  url.searchParams.set('lang', ctx.lang === 'zh' ? 'en' : 'zh');
  return `${url.pathname}${url.search}`;
}

/** The dates of the public pages, in words in the page's language (2026年11月30日, 30 November 2026). */
export function humanDate(iso: string | Date, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
