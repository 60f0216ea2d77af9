import type { ErrorRequestHandler } from 'express';
import { publicPageQuerySchema } from '@refute/shared';
import { AppError } from '../../http/errors';
import { renderDocument } from './layout';
import { escapeHtml, linkTo, pageContext } from './pageContext';
import { text, type TextKey } from './texts';

const PAGES: Record<number, { title: TextKey; body: TextKey }> = {
  404: { title: 'notFoundTitle', body: 'notFoundBody' },
  429: { title: 'tooManyTitle', body: 'tooManyBody' },
};

/** The client errors a public page may end with: a missing page, bad input, too many searches. */
function clientErrorOf(error: unknown): AppError | null {
  if (error instanceof AppError) return error.isPublic ? error : null;
  const status = (error as { status?: unknown })?.status;
  // express marks a malformed %-escape in the path this way.
  return typeof status === 'number' && status >= 400 && status < 500 ? new AppError(status, 'bad_request', 'Bad request') : null;
}

/**
 * Public pages end in an HTML page in the reader's language, never JSON: a person followed a
 * link. The stable error code is on the page for machines (`data-error-code`). Other errors (5xx)
 * go on to the app's error handler, which logs them.
 */
export function publicErrorPage(isPublicPage: (path: string) => boolean): ErrorRequestHandler {
  return (error, req, res, next) => {
    const known = clientErrorOf(error);
    if (!known || !isPublicPage(req.path)) {
      next(error);
      return;
    }
    const parsed = publicPageQuerySchema.safeParse(req.query);
    const ctx = pageContext(req, parsed.success ? parsed.data.lang : undefined);
    const page = PAGES[known.status] ?? { title: 'badRequestTitle', body: 'badRequestBody' };
    const retryAfter = (known.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    const body = `<div data-error-code="${escapeHtml(known.code)}">
<h1>${escapeHtml(text(ctx.lang, page.title))}</h1>
<p>${escapeHtml(text(ctx.lang, page.body, { seconds: retryAfter ?? 60 }))} <a href="${escapeHtml(linkTo(ctx, '/search'))}">${escapeHtml(text(ctx.lang, 'searchLink'))}</a></p>
</div>`;
    res
      .status(known.status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(renderDocument(ctx, { title: `${text(ctx.lang, page.title)} · ${text(ctx.lang, 'siteName')}`, head: '<meta name="robots" content="noindex">', body }));
  };
}
