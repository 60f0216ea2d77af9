/**
 * The public site, rendered on the server for readers without an account or JavaScript:
 * publication pages, their share images, the rumor search, the embed card, oEmbed, and the
 * large-type switch. Anyone may call every route here.
 */
import { Router, type Request, type Response } from 'express';
import { displayPreferenceSchema, oembedQuerySchema, publicPageQuerySchema, publicSearchQuerySchema } from '@refute/shared';
import { asyncHandler } from '../../http/auth';
import { AppError, notFound } from '../../http/errors';
import { answerHeaders, headersSoFar } from '../../http/preparedResponses';
import { answerFor, makeRepresentation, sendAnswer } from '../../http/representation';
import { allowCrossOriginLoads, allowFramingByAnySite } from '../../http/securityHeaders';
import { parseInput } from '../../http/validate';
import { publishedMatches } from '../matching/publishedMatches';
import { browsePublished } from './browse';
import { oembedOf, renderEmbedCard } from './embedCard';
import { publicErrorPage } from './errorPage';
import { pageContext, TEXT_SIZE_COOKIE } from './pageContext';
import { pageRequestKey, pageResponses } from './keptPages';
import { isSlug, publicationPageData } from './publicationData';
import { renderPublicationPage, shareImageUrl } from './publicationPage';
import { memorySearchLimiter, type SearchLimiter } from './searchLimiter';
import { renderSearchPage } from './searchPage';
import { SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH, shareImagePng } from './shareImage';

const isPublicPage = (path: string) => /^\/(r\/|embed\/|search$|display$)/.test(path);
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** Pages vary with the reader's language and text size; shared caches may keep them a minute. */
const PAGE_VARY = 'Accept-Language, Cookie';
const PAGE_CACHE_CONTROL = 'public, max-age=60';
const HTML_TYPE = 'text/html; charset=utf-8';

function sendPage(res: Response, html: string): void {
  res.setHeader('Vary', PAGE_VARY);
  res.setHeader('Cache-Control', PAGE_CACHE_CONTROL);
  res.type('html').send(html);
}

async function publicationOr404(slug: string) {
  const data = await publicationPageData(slug);
  if (!data) throw notFound('Publication');
  return data;
}

export function publicSiteRoutes(options: { secureCookies: boolean; searchLimiter?: SearchLimiter }): Router {
  const router = Router();
  const searchLimiter = options.searchLimiter ?? memorySearchLimiter();
  const ctxOf = (req: Request) => pageContext(req, parseInput(publicPageQuerySchema, req.query, 'page query').lang);

  router.get(
    '/r/:slug',
    asyncHandler(async (req, res) => {
      const ctx = ctxOf(req);
      const slug = String(req.params.slug);
      // Rendered once per page context, compressed once per encoding; the fast path gives this answer to the same request again.
      const entry = await pageResponses.cachedRepresentation(JSON.stringify([slug, ctx]), async () =>
        makeRepresentation(await renderPublicationPage(ctx, await publicationOr404(slug)), HTML_TYPE),
      );
      const prepared = { entry, appHeaders: headersSoFar(res), cacheControl: PAGE_CACHE_CONTROL, varyAlso: PAGE_VARY };
      sendAnswer(res, await answerFor(req.headers, entry.representation, answerHeaders(prepared)));
      if (req.method === 'GET') pageResponses.rememberAnswer(pageRequestKey(req.originalUrl, req, req.app.locals.publicUrl as string | undefined), prepared);
    }),
  );

  router.get(
    '/r/:slug/share.png',
    allowCrossOriginLoads,
    asyncHandler(async (req, res) => {
      const { publication } = await publicationOr404(String(req.params.slug));
      // A publication never changes, nor does its image.
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.type('png').send(shareImagePng({ slug: publication.slug, verdict: publication.verdict, headline: publication.headline, language: publication.language }));
    }),
  );

  router.get(
    '/search',
    asyncHandler(async (req, res) => {
      const query = parseInput(publicSearchQuerySchema, req.query, 'search query');
      const ctx = pageContext(req, query.lang);
      let results = null;
      if (query.q) {
        const wait = await searchLimiter.attempt(req.ip ?? '');
        if (wait > 0) throw new AppError(429, 'rate_limited', 'Too many searches', { retryAfterSeconds: wait });
        results = await publishedMatches(query.q);
      }
      const browse = await browsePublished({ topic: query.topic, verdict: query.verdict, sort: query.sort ?? 'newest', page: query.page ?? 1 });
      const html = renderSearchPage(ctx, { query, results, browse });
      // What a reader checked is theirs: not kept by shared caches.
      if (query.q) res.type('html').setHeader('Cache-Control', 'no-store').send(html);
      else sendPage(res, html);
    }),
  );

  router.get(
    '/embed/:slug',
    allowFramingByAnySite,
    asyncHandler(async (req, res) => {
      const ctx = ctxOf(req);
      const { publication, retraction } = await publicationOr404(String(req.params.slug));
      sendPage(res, renderEmbedCard(ctx, publication, retraction));
    }),
  );

  router.get(
    '/oembed',
    asyncHandler(async (req, res) => {
      const query = parseInput(oembedQuerySchema, req.query, 'oEmbed query');
      if (query.format === 'xml') {
        // oEmbed 1.0 answers a format it does not serve with 501; the app's error type keeps 5xx for its own faults.
        res.status(501).json({ error: { code: 'format_not_implemented', message: 'Only the JSON format is served' } });
        return;
      }
      const ctx = pageContext(req, query.lang);
      const target = new URL(query.url);
      const slug = /^\/(?:r|embed)\/([^/]+)$/.exec(target.pathname)?.[1];
      if (target.origin !== new URL(ctx.baseUrl).origin || !slug || !isSlug(slug)) throw notFound('Page');
      const { publication, retraction } = await publicationOr404(slug);
      const thumbnail = { url: shareImageUrl(ctx.baseUrl, publication.slug), width: SHARE_IMAGE_WIDTH, height: SHARE_IMAGE_HEIGHT };
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json(oembedOf(ctx.baseUrl, publication, retraction !== null, ctx.lang, query, thumbnail));
    }),
  );

  router.get('/display', (req, res) => {
    const { text, back } = parseInput(displayPreferenceSchema, req.query, 'display preference');
    res.cookie(TEXT_SIZE_COOKIE, text, { maxAge: ONE_YEAR_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, back);
  });

  router.use(publicErrorPage(isPublicPage));
  return router;
}
