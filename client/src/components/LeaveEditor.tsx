import type { LeavePeriod } from '@refute/shared';
import { useT } from '../i18n';

interface Props {
  value: LeavePeriod[];
  onChange: (leave: LeavePeriod[]) => void;
  idPrefix: string;
}

/** Leave periods as days, from and to both included; rows added and removed. */
export function LeaveEditor({ value, onChange, idPrefix }: Props) {
  const { t } = useT();
  const change = (index: number, patch: Partial<LeavePeriod>) => onChange(value.map((period, at) => (at === index ? { ...period, ...patch } : period)));
  return (
    <div className="leave-editor" data-testid={`${idPrefix}-leave`}>
      {value.length === 0 && <p className="muted">{t('expertLeaveNone')}</p>}
      {value.map((period, index) => (
        <div className="leave-row" key={index} data-testid="leave-row">
          <label>
            {t('expertLeaveFrom')}{' '}
            <input type="date" className="input" data-testid="leave-from" required value={period.from} onChange={(event) => change(index, { from: event.target.value })} />
          </label>
          <label>
            {t('expertLeaveTo')}{' '}
            <input type="date" className="input" data-testid="leave-to" required min={period.from} value={period.to} onChange={(event) => change(index, { to: event.target.value })} />
          </label>
          <label>
            {t('expertLeaveNote')}{' '}
            <input className="input" maxLength={200} value={period.note ?? ''} onChange={(event) => change(index, { note: event.target.value || undefined })} />
          </label>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(value.filter((_, at) => at !== index))}>
            {t('expertLeaveRemove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small btn-ghost"
        data-testid="leave-add"
        onClick={() => {
          const today = new Date().toISOString().slice(0, 10);
          onChange([...value, { from: today, to: today }]);
        }}
      >
        {t('expertLeaveAdd')}
      </button>
    </div>
  );
}
