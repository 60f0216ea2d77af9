import { useInfiniteQuery } from '@tanstack/react-query';
import type { PublicationView } from '@refute/shared';
import { api } from '../api';
import { VerdictBadge } from '../components/Badges';
import { ErrorBanner } from '../components/ErrorBanner';
import { EvidenceList } from '../components/EvidenceList';
import { RelativeTime } from '../components/RelativeTime';
import { SafeHtml } from '../components/SafeHtml';
import { ListSkeleton } from '../components/Skeleton';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { isHttpUrl } from '../sanitize';

const PAGE_SIZE = 20;

function FeedItem({ item }: { item: PublicationView }) {
  const { t, labels } = useT();
  const lang = item.language === 'zh' ? 'zh-CN' : 'en';
  const publicUrl = isHttpUrl(item.url) ? item.url : null;
  return (
    <li>
      <article className="panel feed-item" data-testid="feed-item" data-publication-id={item.id} data-case-id={item.caseId}>
        <div className="feed-item-head">
          <VerdictBadge verdict={item.verdict} />
          <span className="muted">{labels.topic[item.topic]}</span>
          {item.version > 1 && <span className="muted">{t('versionN', { n: item.version })}</span>}
          <span className="muted feed-time">
            {t('published')}{' '}
            <RelativeTime iso={item.publishedAt} />
          </span>
        </div>
        <h2 lang={lang}>{item.headline}</h2>
        <p className="feed-summary" lang={lang}>
          {item.summary}
        </p>
        {item.claimText && (
          <blockquote className="claim-quote" lang={lang}>
            <span className="claim-label">{t('claimLabel')}</span> {item.claimText}
          </blockquote>
        )}
        <details className="feed-rebuttal">
          <summary>{t('rebuttal')}</summary>
          <SafeHtml className="prose" html={item.rebuttalHtml} />
        </details>
        {item.evidence.length > 0 && <EvidenceList items={item.evidence} />}
        {publicUrl && (
          <a className="public-link" href={publicUrl} target="_blank" rel="noopener noreferrer">
            {t('publicPage')} ↗
          </a>
        )}
      </article>
    </li>
  );
}

export function FeedPage() {
  const { t } = useT();
  const feed = useInfiniteQuery({
    queryKey: queryKeys.feed,
    queryFn: ({ pageParam, signal }) => api.feed(pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  // A publication that arrives while paging can show up on two pages: each is listed once.
  const items = [...new Map((feed.data?.pages.flatMap((page) => page.items) ?? []).map((item) => [item.id, item])).values()];
  const loading = feed.isFetching;
  const error = feed.error;

  return (
    <main className="page">
      <div className="page-header">
        <h1>{t('feedTitle')}</h1>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void feed.refetch()} disabled={loading}>
          {t('refresh')}
        </button>
      </div>
      <ErrorBanner message={error ? errorMessage(error, t) : null} onRetry={() => void feed.refetch()} />
      <ul className="feed-list" data-testid="feed-list" aria-busy={loading}>
        {items.map((item) => (
          <FeedItem key={item.id} item={item} />
        ))}
      </ul>
      {!loading && !error && items.length === 0 && <p className="empty">{t('feedEmpty')}</p>}
      {feed.isPending && <ListSkeleton testId="feed-loading" />}
      {feed.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="feed-more"
            onClick={() => void feed.fetchNextPage()}
            disabled={loading}
          >
            {feed.isFetchingNextPage ? t('loading') : t('loadMore')}
          </button>
        </div>
      )}
    </main>
  );
}
