import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CaseDetail, CaseUnits } from '@refute/shared';
import { api } from '../api';
import { absoluteTime } from '../format';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { Deadline } from './Deadline';
import { EscalationBadge } from './EscalationBadge';

/**
 * The case's deadline, the organisation answering for it (责任单位), its cooperating units
 * (配合单位) and its escalations; a lead sets the units here.
 */
export function EscalationPanel({ detail, onSetUnits, busy }: { detail: CaseDetail; onSetUnits?: (units: CaseUnits) => void; busy: boolean }) {
  const { t, lang, labels } = useT();
  const { escalation, units } = detail;
  const [editing, setEditing] = useState(false);
  const unitName = (id: string | null) => {
    if (!id) return t('noUnit');
    const unit = units[id];
    return unit ? `${unit.name[lang]}${unit.level ? ` · ${labels.orgLevel[unit.level]}` : ''}` : id;
  };
  return (
    <section className="panel escalation-panel" data-testid="escalation-panel">
      <h2>{t('escalationTitle')}</h2>
      <dl className="facts">
        <dt>{t('escalationDeadline')}</dt>
        <dd>
          <Deadline iso={detail.deadlineAt} status={detail.status} /> <span className="muted">{absoluteTime(detail.deadlineAt, lang)}</span>{' '}
          <EscalationBadge escalation={escalation} />
        </dd>
        <dt>{t('leadUnit')}</dt>
        <dd data-testid="lead-unit">{unitName(escalation.leadUnitId)}</dd>
        <dt>{t('cooperatingUnits')}</dt>
        <dd data-testid="cooperating-units">{escalation.cooperatingUnitIds.length ? escalation.cooperatingUnitIds.map(unitName).join('、') : '—'}</dd>
      </dl>
      {escalation.history.length === 0 ? (
        <p className="muted">{t('noEscalation')}</p>
      ) : (
        <ol className="history-list" data-testid="escalation-history">
          {escalation.history.map((entry) => (
            <li key={entry.at}>
              <span>{t('escalationEntry', { from: unitName(entry.fromOrgId), to: unitName(entry.toOrgId) })}</span>
              <time dateTime={entry.at} className="muted">
                {absoluteTime(entry.at, lang)}
              </time>
            </li>
          ))}
        </ol>
      )}
      {onSetUnits &&
        (editing ? (
          <UnitsForm
            initial={{ leadUnitId: escalation.leadUnitId ?? '', cooperatingUnitIds: escalation.cooperatingUnitIds }}
            busy={busy}
            onSave={(chosen) => {
              onSetUnits(chosen);
              setEditing(false);
            }}
          />
        ) : (
          <button type="button" className="btn" data-testid="units-edit" onClick={() => setEditing(true)}>
            {t('unitsEdit')}
          </button>
        ))}
    </section>
  );
}

function UnitsForm({ initial, busy, onSave }: { initial: CaseUnits; busy: boolean; onSave: (units: CaseUnits) => void }) {
  const { t, lang, labels } = useT();
  const organisations = useQuery({ queryKey: queryKeys.organisations, queryFn: ({ signal }) => api.organisations(signal) });
  const [leadUnitId, setLeadUnitId] = useState(initial.leadUnitId);
  const [cooperating, setCooperating] = useState<Set<string>>(new Set(initial.cooperatingUnitIds));
  const options = organisations.data?.items ?? [];
  const label = (org: (typeof options)[number]) => `${org.name[lang]}${org.level ? ` · ${labels.orgLevel[org.level]}` : ''}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (leadUnitId) onSave({ leadUnitId, cooperatingUnitIds: [...cooperating].filter((id) => id !== leadUnitId) });
  };
  return (
    <form onSubmit={submit} data-testid="units-form">
      <div className="field">
        <label htmlFor="lead-unit-select">{t('leadUnit')}</label>
        <select id="lead-unit-select" className="input" required value={leadUnitId} onChange={(event) => setLeadUnitId(event.target.value)}>
          <option value="" disabled>
            —
          </option>
          {options.map((org) => (
            <option key={org.id} value={org.id}>
              {label(org)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('cooperatingUnits')}</legend>
        {options
          .filter((org) => org.id !== leadUnitId)
          .map((org) => (
            <label key={org.id} className="checkbox">
              <input
                type="checkbox"
                checked={cooperating.has(org.id)}
                onChange={(event) => {
                  const next = new Set(cooperating);
                  if (event.target.checked) next.add(org.id);
                  else next.delete(org.id);
                  setCooperating(next);
                }}
              />{' '}
              {label(org)}
            </label>
          ))}
      </fieldset>
      <button type="submit" className="btn btn-primary" data-testid="units-save" disabled={busy || !leadUnitId}>
        {t('unitsSave')}
      </button>
    </form>
  );
}
