/** `/search` (查谣言): check a text against published verdicts, and browse them all. */
import { TOPICS, VERDICTS, type Language, type PublicSearchQuery } from '@refute/shared';
import type { PublishedMatchRecord } from '../matching/publishedMatches';
import type { BrowsePage } from './browse';
import { renderDocument } from './layout';
import { escapeHtml, humanDate, linkTo, type PageContext } from './pageContext';
import { text, TOPIC_LABELS, VERDICT_LABELS } from './texts';

export interface SearchPageInput {
  query: PublicSearchQuery;
  /** Present when the reader asked to check a text. */
  results: { matches: PublishedMatchRecord[]; related: PublishedMatchRecord[] } | null;
  browse: BrowsePage;
}

const htmlLang = (lang: Language) => (lang === 'zh' ? 'zh-CN' : 'en');

interface CardItem {
  slug: string;
  verdict: keyof typeof VERDICT_LABELS;
  headline: string;
  summary: string;
  language: Language;
  publishedAt: Date;
}

function card(ctx: PageContext, item: CardItem, extra: string): string {
  return `<li class="card verdict-border-${item.verdict}">
<p><span class="badge verdict-${item.verdict}" data-verdict="${item.verdict}">${escapeHtml(VERDICT_LABELS[item.verdict][ctx.lang])}</span> <span class="meta">${extra}</span></p>
<h3 lang="${htmlLang(item.language)}"><a href="${escapeHtml(linkTo(ctx, `/r/${item.slug}`))}">${escapeHtml(item.headline)}</a></h3>
<p lang="${htmlLang(item.language)}">${escapeHtml(item.summary)}</p>
</li>`;
}

function matchList(ctx: PageContext, id: string, title: string, records: PublishedMatchRecord[]): string {
  if (records.length === 0) return '';
  const items = records
    .map(({ publication, similarity }) => card(ctx, publication, escapeHtml(text(ctx.lang, 'similarity', { percent: Math.round(similarity * 100) }))))
    .join('');
  return `<h2 id="${id}">${escapeHtml(title)}</h2><ol class="results" aria-labelledby="${id}" data-testid="${id}">${items}</ol>`;
}

function resultsSection(ctx: PageContext, results: NonNullable<SearchPageInput['results']>): string {
  const none = results.matches.length === 0 ? `<p class="notice" data-testid="no-matches">${escapeHtml(text(ctx.lang, 'noMatches'))}</p>` : '';
  return `<section aria-live="polite">${none}${matchList(ctx, 'matches', text(ctx.lang, 'matchesTitle'), results.matches)}${matchList(ctx, 'related', text(ctx.lang, 'relatedTitle'), results.related)}</section>`;
}

function options<T extends string>(values: readonly T[], selected: T | undefined, label: (value: T) => string, allLabel?: string): string {
  const all = allLabel === undefined ? '' : `<option value=""${selected === undefined ? ' selected' : ''}>${escapeHtml(allLabel)}</option>`;
  return all + values.map((value) => `<option value="${value}"${value === selected ? ' selected' : ''}>${escapeHtml(label(value))}</option>`).join('');
}

function browseSection(ctx: PageContext, query: PublicSearchQuery, browse: BrowsePage): string {
  const sort = query.sort ?? 'newest';
  const page = query.page ?? 1;
  const filters = `<form class="filters" method="get" action="/search">
${ctx.langInLink ? `<input type="hidden" name="lang" value="${ctx.lang}">` : ''}
<label>${escapeHtml(text(ctx.lang, 'topic'))}<select name="topic">${options(TOPICS, query.topic, (topic) => TOPIC_LABELS[topic][ctx.lang], text(ctx.lang, 'allTopics'))}</select></label>
<label>${escapeHtml(text(ctx.lang, 'verdict'))}<select name="verdict">${options(VERDICTS, query.verdict, (verdict) => VERDICT_LABELS[verdict][ctx.lang], text(ctx.lang, 'allVerdicts'))}</select></label>
<label>${escapeHtml(text(ctx.lang, 'sort'))}<select name="sort">${options(['newest', 'reported'] as const, sort, (value) => text(ctx.lang, value === 'newest' ? 'sortNewest' : 'sortReported'))}</select></label>
<button type="submit">${escapeHtml(text(ctx.lang, 'filter'))}</button>
</form>`;
  const items = browse.items
    .map((item) =>
      card(ctx, item, `${escapeHtml(TOPIC_LABELS[item.topic][ctx.lang])} · <time datetime="${item.publishedAt.toISOString()}">${escapeHtml(humanDate(item.publishedAt, ctx.lang))}</time> · ${escapeHtml(text(ctx.lang, 'reports', { count: item.reportCount }))}`),
    )
    .join('');
  const pageLink = (to: number) => linkTo(ctx, '/search', { topic: query.topic, verdict: query.verdict, sort: query.sort, page: to });
  const pages = [
    page > 1 ? `<a href="${escapeHtml(pageLink(page - 1))}" rel="prev">${escapeHtml(text(ctx.lang, 'previousPage'))}</a>` : '',
    `<span>${escapeHtml(text(ctx.lang, 'pageOf', { page }))}</span>`,
    browse.hasNext ? `<a href="${escapeHtml(pageLink(page + 1))}" rel="next">${escapeHtml(text(ctx.lang, 'nextPage'))}</a>` : '',
  ].join('');
  return `<section aria-labelledby="browse"><h2 id="browse">${escapeHtml(text(ctx.lang, 'browseTitle'))}</h2>
${filters}
${items ? `<ol class="results" data-testid="browse-list">${items}</ol>` : `<p>${escapeHtml(text(ctx.lang, 'noneYet'))}</p>`}
<nav class="pages" aria-label="${escapeHtml(text(ctx.lang, 'resultsNav'))}">${pages}</nav>
</section>`;
}

export function renderSearchPage(ctx: PageContext, { query, results, browse }: SearchPageInput): string {
  const body = `<h1>${escapeHtml(text(ctx.lang, 'searchTitle'))}</h1>
<p>${escapeHtml(text(ctx.lang, 'searchIntro'))}</p>
<form class="search" method="get" action="/search" role="search">
${ctx.langInLink ? `<input type="hidden" name="lang" value="${ctx.lang}">` : ''}
<label for="q">${escapeHtml(text(ctx.lang, 'searchLabel'))}</label>
<textarea id="q" name="q" maxlength="5000">${escapeHtml(query.q ?? '')}</textarea>
<div><button type="submit">${escapeHtml(text(ctx.lang, 'searchButton'))}</button></div>
</form>
${results ? resultsSection(ctx, results) : ''}
${browseSection(ctx, query, browse)}`;
  const canonical = `<link rel="canonical" href="${escapeHtml(`${ctx.baseUrl}/search`)}"><meta name="description" content="${escapeHtml(text(ctx.lang, 'searchIntro'))}">`;
  // What a reader pasted is theirs: results pages stay out of search engines.
  const robots = query.q ? '<meta name="robots" content="noindex">' : '';
  return renderDocument(ctx, { title: `${text(ctx.lang, 'searchTitle')} · ${text(ctx.lang, 'siteName')}`, head: canonical + robots, body });
}
