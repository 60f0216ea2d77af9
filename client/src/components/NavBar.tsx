import { useState } from 'react';
import { hasRole } from '@refute/shared';
import { administers, homeFor, isExpert, managesExperts, reviews } from '../home';
import { useT } from '../i18n';
import { navigate, usePathname } from '../router';
import { useSession } from '../session';
import { Link } from './Link';
import { NotificationBell } from './NotificationBell';

export function NavBar() {
  const { t, lang, setLang, labels } = useT();
  const { user, logout } = useSession();
  const pathname = usePathname();
  const [leaving, setLeaving] = useState(false);

  const onLogout = async () => {
    setLeaving(true);
    try {
      await logout();
    } catch (error) {
      console.error(error);
    } finally {
      setLeaving(false);
      navigate('/login');
    }
  };

  const navClass = (prefix: string) => (pathname.startsWith(prefix) ? 'nav-link active' : 'nav-link');

  return (
    <header className="navbar">
      <div className="navbar-inner">
        <Link to={user ? homeFor(user) : '/login'} className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">{t('appName')}</span>
          <span className="brand-tagline">{t('appTagline')}</span>
        </Link>
        <nav className="nav-links">
          {user && hasRole(user.roles, 'moderator') && (
            <Link to="/platform" className={navClass('/platform')} data-testid="nav-platform">
              {t('navPlatform')}
            </Link>
          )}
          {user && reviews(user) && (
            <Link
              to="/queue"
              className={pathname.startsWith('/cases') ? 'nav-link active' : navClass('/queue')}
              data-testid="nav-queue"
            >
              {t('navQueue')}
            </Link>
          )}
          <Link to="/feed" className={navClass('/feed')} data-testid="nav-feed">
            {t('navFeed')}
          </Link>
          {user && managesExperts(user) && (
            <Link to="/experts" className={navClass('/experts')} data-testid="nav-experts">
              {t('navExperts')}
            </Link>
          )}
          {user && administers(user) && (
            <Link to="/admin/users" className={navClass('/admin')} data-testid="nav-admin">
              {t('navAdmin')}
            </Link>
          )}
        </nav>
        <div className="nav-user">
          <button
            type="button"
            className="btn btn-ghost btn-small"
            data-testid="lang-toggle"
            // The visible name of the other language is the button's name (a label that hid it
            // would not match what voice-control users say); what it does is its description.
            title={t('langToggleLabel')}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            <span lang={lang === 'zh' ? 'en' : 'zh-CN'}>{t('langToggle')}</span>
          </button>
          {user ? (
            <>
              <NotificationBell />
              <Link to="/settings/notifications" className="btn btn-ghost btn-small" data-testid="nav-notification-settings">
                {t('notifSettingsLink')}
              </Link>
              {isExpert(user) && (
                <Link to="/settings/availability" className="btn btn-ghost btn-small" data-testid="nav-availability">
                  {t('navAvailability')}
                </Link>
              )}
              <span className="user-name" title={user.email}>
                {user.name}
                <span className="user-roles">{user.roles.map((role) => labels.role[role]).join(' · ')}</span>
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                data-testid="logout-button"
                onClick={onLogout}
                disabled={leaving}
              >
                {t('logout')}
              </button>
            </>
          ) : (
            pathname !== '/login' && (
              <Link to="/login" className="btn btn-ghost btn-small">
                {t('login')}
              </Link>
            )
          )}
        </div>
      </div>
    </header>
  );
}
