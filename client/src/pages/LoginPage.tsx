import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { homeFor } from '../home';
import { navigate } from '../router';
import { useSession } from '../session';

export function LoginPage() {
  const { t } = useT();
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const signedIn = await login(email.trim(), password);
      navigate(homeFor(signedIn), { replace: true });
    } catch (caught) {
      const badCredentials = caught instanceof ApiError && (caught.status === 401 || caught.status === 400);
      setError(badCredentials ? t('errCredentials') : errorMessage(caught, t));
      setPending(false);
    }
  };

  return (
    <main className="login-page">
      <form className="panel login-card" onSubmit={onSubmit}>
        <h1>{t('loginTitle')}</h1>
        <ErrorBanner message={error} />
        <div className="field">
          <label htmlFor="login-email">{t('email')}</label>
          <input
            id="login-email"
            className="input"
            type="email"
            autoComplete="username"
            required
            autoFocus
            data-testid="login-email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('password')}</label>
          <input
            id="login-password"
            className="input"
            type="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary btn-block" data-testid="login-submit" disabled={pending}>
          {pending ? t('loggingIn') : t('loginSubmit')}
        </button>
      </form>
    </main>
  );
}
