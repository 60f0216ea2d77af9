import { VERDICTS, type Verdict } from '@refute/shared';
import { useT } from '../i18n';

interface Props {
  id?: string;
  value: Verdict | null;
  onChange(value: Verdict | null): void;
  invalid?: boolean;
  disabled?: boolean;
}

const isVerdict = (value: string): value is Verdict => (VERDICTS as readonly string[]).includes(value);

export function VerdictSelect({ id, value, onChange, invalid, disabled }: Props) {
  const { t, labels } = useT();
  return (
    <select
      id={id}
      className="input"
      data-testid="verdict-select"
      value={value ?? ''}
      aria-invalid={invalid || undefined}
      disabled={disabled}
      onChange={(event) => onChange(isVerdict(event.target.value) ? event.target.value : null)}
    >
      <option value="">{t('chooseVerdict')}</option>
      {VERDICTS.map((verdict) => (
        <option key={verdict} value={verdict}>
          {labels.verdict[verdict]}
        </option>
      ))}
    </select>
  );
}
