import { useCallback, useEffect, useState } from 'react';
import type { PublicationView } from '@refute/shared';
import { api } from '../api';
import { VerdictBadge } from '../components/Badges';
import { ErrorBanner } from '../components/ErrorBanner';
import { EvidenceList } from '../components/EvidenceList';
import { RelativeTime } from '../components/RelativeTime';
import { SafeHtml } from '../components/SafeHtml';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
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
  const [items, setItems] = useState<PublicationView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (cursor: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.feed(cursor, PAGE_SIZE);
      setItems((previous) => {
        if (!cursor) return page.items;
        const seen = new Set(previous.map((item) => item.id));
        return [...previous, ...page.items.filter((item) => !seen.has(item.id))];
      });
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <main className="page">
      <div className="page-header">
        <h1>{t('feedTitle')}</h1>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void load(null)} disabled={loading}>
          {t('refresh')}
        </button>
      </div>
      <ErrorBanner message={error ? errorMessage(error, t) : null} onDismiss={() => setError(null)} />
      <ul className="feed-list" data-testid="feed-list" aria-busy={loading}>
        {items.map((item) => (
          <FeedItem key={item.id} item={item} />
        ))}
      </ul>
      {!loading && !error && items.length === 0 && <p className="empty">{t('feedEmpty')}</p>}
      {loading && items.length === 0 && <p className="empty">{t('loading')}</p>}
      {nextCursor && (
        <div className="load-more">
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="feed-more"
            onClick={() => void load(nextCursor)}
            disabled={loading}
          >
            {loading ? t('loading') : t('loadMore')}
          </button>
        </div>
      )}
    </main>
  );
}
