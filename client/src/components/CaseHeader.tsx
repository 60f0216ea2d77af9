import type { ReactNode } from 'react';
import { Flame } from 'lucide-react';
import type { CaseDetail, SetLane, Topic } from '@refute/shared';
import { compactNumber } from '../format';
import { useT } from '../i18n';
import { regionLabel, useRegions } from '../regions';
import { LaneBadge, StatusBadge } from './Badges';
import { Deadline } from './Deadline';
import { TopicField } from './TopicField';

interface Props {
  detail: CaseDetail;
  /** The assigned reviewers, named. */
  assignees: ReactNode;
  /** Given when the user may correct the topic. */
  onTopicChange?: (topic: Topic) => void;
  /** Given when the user may move the case to a more urgent lane (leads). */
  onLaneConfirm?: (lane: SetLane['lane']) => void;
  busy: boolean;
}

export function CaseHeader({ detail, assignees, onTopicChange, onLaneConfirm, busy }: Props) {
  const { t, lang, labels } = useT();
  const regions = useRegions();
  const hotspot = detail.hotspot;
  return (
    <header className="case-header">
      <div className="case-badges">
        <LaneBadge lane={detail.lane} />
        <StatusBadge status={detail.status} testId="case-status" />
        {detail.laneSetByLead && <span className="badge">{t('laneByLead')}</span>}
      </div>
      {hotspot && (
        <section className="hotspot-banner" data-testid="hotspot-banner" aria-label={t('hotspotTitle')}>
          <Flame size={18} aria-hidden="true" />
          <div>
            <strong>{t('hotspotTitle')}</strong>{' '}
            {t('hotspotText', { count: hotspot.count, expected: hotspot.expected })}
            {hotspot.proposedLane && <> {t('hotspotPropose', { lane: labels.lane[hotspot.proposedLane] })}</>}
          </div>
          {hotspot.proposedLane && onLaneConfirm && (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="hotspot-confirm-lane"
              disabled={busy}
              onClick={() => onLaneConfirm(hotspot.proposedLane!)}
            >
              {t('hotspotConfirm', { lane: labels.lane[hotspot.proposedLane] })}
            </button>
          )}
        </section>
      )}
      <h1 lang={detail.language === 'zh' ? 'zh-CN' : 'en'}>{detail.title}</h1>
      <dl className="facts">
        <div>
          <dt>{t('caseTopic')}</dt>
          <dd>
            <TopicField
              topic={detail.topic}
              confidence={detail.topicConfidence}
              onChange={onTopicChange}
              disabled={busy}
            />
          </dd>
        </div>
        {detail.region && (
          <div>
            <dt>{t('region')}</dt>
            <dd data-testid="case-region">{regionLabel(regions, detail.region, lang)}</dd>
          </div>
        )}
        <div>
          <dt>{t('caseDeadline')}</dt>
          <dd>
            <Deadline iso={detail.deadlineAt} status={detail.status} />
          </dd>
        </div>
        <div>
          <dt>{t('caseReports')}</dt>
          <dd>{detail.reportCount}</dd>
        </div>
        <div>
          <dt>{t('caseReach')}</dt>
          <dd>{compactNumber(detail.reach, lang)}</dd>
        </div>
        <div>
          <dt>{t('caseVelocity')}</dt>
          <dd data-testid="case-velocity">{t('velocityN', { count: detail.velocity })}</dd>
        </div>
        <div>
          <dt>{t('caseAssignees')}</dt>
          <dd>{assignees}</dd>
        </div>
      </dl>
    </header>
  );
}
