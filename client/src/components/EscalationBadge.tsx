import { AlertTriangle, ArrowUpCircle } from 'lucide-react';
import type { CaseEscalationView } from '@refute/shared';
import { useT } from '../i18n';

/** The queue's view of a case's deadline state: at risk or overdue, and the level it was escalated to. */
export function EscalationBadge({ escalation }: { escalation: CaseEscalationView }) {
  const { t, labels } = useT();
  const risk = escalation.atRisk;
  return (
    <>
      {risk && (
        <span className={`badge at-risk at-risk-${risk}`} data-testid="at-risk-badge" data-at-risk={risk}>
          <AlertTriangle size={12} aria-hidden="true" />{' '}
          {risk === 'unassigned' ? t('atRiskUnassigned') : risk === 'no_draft' ? t('atRiskNoDraft') : t('atRiskOverdue')}
        </span>
      )}
      {escalation.escalations > 0 && (
        <span className="badge escalated" data-testid="escalated-badge" title={t('escalatedTimes', { count: escalation.escalations })}>
          <ArrowUpCircle size={12} aria-hidden="true" />{' '}
          {t('escalatedLevel', { level: escalation.leadUnitLevel ? labels.orgLevel[escalation.leadUnitLevel] : '' })}
        </span>
      )}
    </>
  );
}
