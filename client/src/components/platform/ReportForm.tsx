import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CLAIM_TEXT_MAX, type ClaimIntakeResponse, type ClaimReport, type MediaKind } from '@refute/shared';
import { api } from '../../api';
import { useStashedState } from '../../browserStash';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { isHttpUrl } from '../../sanitize';
import { ErrorBanner } from '../ErrorBanner';
import { RegionPicker } from '../RegionPicker';
import { Notice } from '../Notice';
import { LiveAnswers } from './LiveAnswers';

interface Fields {
  text: string;
  url: string;
  region: string;
  views: string;
  shares: string;
  comments: string;
  /** Links to the post's pictures, videos or sound, one a line. */
  media: string;
}

const EMPTY: Fields = { text: '', url: '', region: '', views: '', shares: '', comments: '', media: '' };
const MEDIA_MAX = 20;

/** What a media link holds, told by its file extension; anything else is a plain link. */
function mediaKindOf(url: string): MediaKind {
  const path = new URL(url).pathname.toLowerCase();
  if (/\.(jpe?g|png|gif|webp|avif|heic)$/.test(path)) return 'image';
  if (/\.(mp4|mov|webm|m4v|m3u8)$/.test(path)) return 'video';
  if (/\.(mp3|m4a|wav|ogg|aac|amr)$/.test(path)) return 'audio';
  return 'link';
}
const newReportId = () => `console-${crypto.randomUUID()}`;

interface Typed {
  fields: Fields;
  emergency: boolean;
  reportId: string;
}
const newTyped = (): Typed => ({ fields: EMPTY, emergency: false, reportId: newReportId() });
const isBlankReport = ({ fields, emergency }: Typed) => !emergency && Object.values(fields).every((value) => value === '');
function isTyped(value: unknown): value is Typed {
  const typed = value as Typed | null;
  return (
    typeof typed?.reportId === 'string' &&
    typeof typed.emergency === 'boolean' &&
    Object.keys(EMPTY).every((key) => typeof (typed.fields as unknown as Record<string, unknown> | undefined)?.[key] === 'string')
  );
}
const count = (value: string) => (value.trim() === '' ? undefined : Number(value));

/** Reporting a claim seen on the platform; known rumors are answered while it is typed. */
export function ReportForm() {
  const { t } = useT();
  const client = useQueryClient();
  // Kept through a reload. The report's id too: one id per report being filed, kept across
  // retries (and reloads), so a repeated submit creates nothing new.
  const [typed, setTyped] = useStashedState<Typed>('platform.report', newTyped, { isValid: isTyped, isBlank: isBlankReport });
  const { fields, emergency, reportId } = typed;
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filed, setFiled] = useState<ClaimIntakeResponse | null>(null);
  /** A submit failed: if it reached the server after all, an edited report needs an id of its own. */
  const [failed, setFailed] = useState(false);
  const setEmergency = (checked: boolean) => setTyped((previous) => ({ ...previous, emergency: checked }));
  const set = (key: keyof Fields) => (value: string) => {
    setTyped((previous) => ({ ...previous, fields: { ...previous.fields, [key]: value }, ...(failed ? { reportId: newReportId() } : {}) }));
    if (failed) setFailed(false);
  };
  useLeaveGuard(fields.text.trim() ? t('leaveUnsavedReport') : null);

  const counts = [count(fields.views), count(fields.shares), count(fields.comments)];
  const invalidCount = counts.some((value) => value !== undefined && (!Number.isInteger(value) || value < 0));
  const invalidUrl = fields.url.trim() !== '' && !isHttpUrl(fields.url.trim());
  const mediaLinks = fields.media.split('\n').map((line) => line.trim()).filter(Boolean);
  const invalidMedia = mediaLinks.length > MEDIA_MAX || mediaLinks.some((link) => !isHttpUrl(link));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!fields.text.trim() || invalidCount || invalidUrl || invalidMedia) {
      setError(t('reportInvalid'));
      return;
    }
    const [views, shares, comments] = counts;
    const report: ClaimReport = {
      externalId: reportId,
      text: fields.text.trim(),
      ...(fields.url.trim() ? { url: fields.url.trim() } : {}),
      ...(fields.region.trim() ? { region: fields.region.trim() } : {}),
      reach: { ...(views !== undefined ? { views } : {}), ...(shares !== undefined ? { shares } : {}), ...(comments !== undefined ? { comments } : {}) },
      ...(mediaLinks.length > 0 ? { media: mediaLinks.map((url) => ({ url, kind: mediaKindOf(url) })) } : {}),
      ...(emergency ? { emergency: true } : {}),
    };
    setSending(true);
    setError(null);
    try {
      setFiled(await api.reportFromConsole(report));
      setTyped(newTyped());
      await client.invalidateQueries({ queryKey: ['platform', 'reports'] });
    } catch (caught) {
      setError(errorMessage(caught, t));
      setFailed(true);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="panel report-form" aria-labelledby="report-form-title">
      <h2 id="report-form-title">{t('reportTitle')}</h2>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      {filed && (
        <Notice testId="report-filed">
          {filed.match ? t('reportFiledKnown') : t('reportFiled')}{' '}
          {filed.match && (
            <a href={filed.match.publicationUrl} target="_blank" rel="noopener noreferrer">
              {t('viewPublication')}
            </a>
          )}
        </Notice>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="report-text">{t('reportText')}</label>
          <textarea id="report-text" className="input" rows={5} maxLength={CLAIM_TEXT_MAX} data-testid="report-text" value={fields.text} onChange={(event) => set('text')(event.target.value)} required />
        </div>
        <LiveAnswers text={fields.text} />
        <div className="field">
          <label htmlFor="report-url">{t('reportUrl')}</label>
          <input id="report-url" className="input" type="url" data-testid="report-url" value={fields.url} aria-invalid={invalidUrl} onChange={(event) => set('url')(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="report-media">{t('reportMedia')}</label>
          <textarea id="report-media" className="input" rows={2} data-testid="report-media" value={fields.media} aria-invalid={invalidMedia} onChange={(event) => set('media')(event.target.value)} />
        </div>
        <div className="field-row">
          {(['views', 'shares', 'comments'] as const).map((key) => (
            <div className="field" key={key}>
              <label htmlFor={`report-${key}`}>{t(`reach_${key}`)}</label>
              <input id={`report-${key}`} className="input" inputMode="numeric" data-testid={`report-${key}`} value={fields[key]} onChange={(event) => set(key)(event.target.value)} />
            </div>
          ))}
        </div>
        <div className="field">
          <label htmlFor="report-region">{t('region')}</label>
          <RegionPicker id="report-region" testId="report-region" depth="county" value={fields.region} onChange={set('region')} />
        </div>
        <label className="checkbox">
          <input type="checkbox" data-testid="report-emergency" checked={emergency} onChange={(event) => setEmergency(event.target.checked)} /> {t('reportEmergency')}
        </label>
        <button type="submit" className="btn btn-primary" data-testid="report-submit" disabled={sending}>
          {sending ? t('reportSending') : t('reportSubmit')}
        </button>
      </form>
    </section>
  );
}
