import { useQuery } from '@tanstack/react-query';
import { Flame } from 'lucide-react';
import { api } from '../api';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { Link } from './Link';

/** How far back the queue lists topics that became hotspots. */
const SHOWN_HOURS = 6;

/**
 * Topics whose reports rose sharply in the last hours, above the queue (leads and admins): a
 * case's own hotspot is flagged on its row. Read again on each `hotspot.detected` (queries.ts).
 */
export function TopicHotspots() {
  const { t, labels } = useT();
  // Secondary to the queue: a failed read shows nothing and the next event reads again.
  const { data } = useQuery({ queryKey: queryKeys.hotspots, queryFn: ({ signal }) => api.hotspots(SHOWN_HOURS, signal) });
  const topics = (data?.items ?? []).filter((item) => item.subjectKind === 'topic' && item.topic);
  if (topics.length === 0) return null;
  return (
    <section className="hotspot-banner" data-testid="topic-hotspots" aria-label={t('topicHotspotsTitle')}>
      <Flame size={18} aria-hidden="true" />
      <div>
        <strong>{t('topicHotspotsTitle')}</strong>
        <ul className="topic-hotspots">
          {topics.map((item) => (
            <li key={item.id}>
              {t('topicHotspotLine', { topic: labels.topic[item.topic!], count: item.count, expected: item.expected })}
              {item.caseId && (
                <>
                  {' '}
                  <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>{t('topicHotspotCase')}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
