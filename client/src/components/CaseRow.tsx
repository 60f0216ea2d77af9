import { Flame } from 'lucide-react';
import type { CaseSummary } from '@refute/shared';
import { compactNumber } from '../format';
import { useT } from '../i18n';
import { regionLabel, useRegions } from '../regions';
import { LaneBadge, StatusBadge } from './Badges';
import { Deadline } from './Deadline';
import { EscalationBadge } from './EscalationBadge';
import { Link } from './Link';

export function CaseRow({ item, mine }: { item: CaseSummary; mine: boolean }) {
  const { t, lang, labels } = useT();
  const regions = useRegions();
  return (
    <li>
      <Link
        to={`/cases/${encodeURIComponent(item.id)}`}
        className={`case-row lane-edge-${item.lane}`}
        data-testid="case-row"
        data-case-id={item.id}
        data-lane={item.lane}
        data-status={item.status}
      >
        <span className="case-row-lane">
          <LaneBadge lane={item.lane} />
        </span>
        <span className="case-row-main">
          <span className="case-row-title" lang={item.language === 'zh' ? 'zh-CN' : 'en'}>
            {item.title}
          </span>
          <span className="meta">
            <span>{labels.topic[item.topic]}</span>
            <StatusBadge status={item.status} />
            <span>{t('reports', { count: item.reportCount })}</span>
            <span>{t('reach', { n: compactNumber(item.reach, lang) })}</span>
            {item.region && <span title={t('region')}>{regionLabel(regions, item.region, lang)}</span>}
            {item.hotspot && (
              <span
                className="badge hotspot"
                data-testid="hotspot-flag"
                title={t('hotspotFlagHint', { count: item.hotspot.count, expected: item.hotspot.expected })}
              >
                <Flame size={12} aria-hidden="true" /> {t('hotspotFlag')}
              </span>
            )}
            <EscalationBadge escalation={item.escalation} />
            {mine && <span className="badge mine">{t('assignedToMe')}</span>}
          </span>
        </span>
        <span className="case-row-deadline">
          <Deadline iso={item.deadlineAt} status={item.status} />
        </span>
      </Link>
    </li>
  );
}
