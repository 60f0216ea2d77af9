import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN } from '@refute/shared';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Link } from '../components/Link';
import { Notice } from '../components/Notice';
import { errorMessage } from '../errors';
import { useT } from '../i18n';

/**
 * Where an invited person sets their password. The token travels in the link's fragment, which
 * browsers never send to a server (nor in a Referer).
 */
export function SetPasswordPage() {
  const { t } = useT();
  const [token] = useState(() => window.location.hash.slice(1));
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.setPassword(token, password);
      setDone(true);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page login-page">
      <section className="panel">
        <h1>{t('setPasswordTitle')}</h1>
        <ErrorBanner message={error} onDismiss={() => setError(null)} />
        {done ? (
          <Notice testId="password-set">
            {t('passwordSet')} <Link to="/login">{t('login')}</Link>
          </Notice>
        ) : (
          <form onSubmit={(event) => void submit(event)}>
            <div className="field">
              <label htmlFor="new-password">{t('newPassword')}</label>
              <input
                id="new-password"
                type="password"
                className="input"
                autoComplete="new-password"
                minLength={PASSWORD_MIN}
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy || !token}>
              {t('setPasswordSubmit')}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
