import { FEED_PAGE_SIZE, type FeedQuery } from '@refute/shared';

/** The address of a feed with these filters, at `cursor` when given (the next page). */
export function feedUrl(baseUrl: string, path: string, query: FeedQuery, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const name of ['topic', 'verdict', 'lang', 'region', 'q', 'since'] as const) {
    const value = query[name];
    if (value !== undefined) params.set(name, value);
  }
  if (query.limit !== FEED_PAGE_SIZE) params.set('limit', String(query.limit));
  if (cursor) params.set('cursor', cursor);
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}
