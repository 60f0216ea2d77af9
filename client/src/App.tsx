import { useEffect, type ReactNode } from 'react';
import { NavBar } from './components/NavBar';
import { useT } from './i18n';
import { CasePage } from './pages/CasePage';
import { FeedPage } from './pages/FeedPage';
import { LoginPage } from './pages/LoginPage';
import { QueuePage } from './pages/QueuePage';
import { matchRoute, navigate, usePathname, type Route } from './router';
import { useSession } from './session';

const PUBLIC_ROUTES: Route['name'][] = ['login', 'feed', 'notFound'];

export function App() {
  const { t } = useT();
  const { user } = useSession();
  const route = matchRoute(usePathname());
  const needsLogin = !PUBLIC_ROUTES.includes(route.name);

  useEffect(() => {
    if (user === undefined) return;
    if (route.name === 'home') navigate(user ? '/queue' : '/login', { replace: true });
    else if (!user && needsLogin) navigate('/login', { replace: true });
    else if (user && route.name === 'login') navigate('/queue', { replace: true });
  }, [user, route.name, needsLogin]);

  useEffect(() => {
    const titles: Partial<Record<Route['name'], string>> = {
      login: t('login'),
      queue: t('queueTitle'),
      feed: t('feedTitle'),
      case: t('draftTitle'),
    };
    const page = titles[route.name];
    document.title = page ? `${page} · ${t('appName')}` : t('appName');
  }, [route.name, t]);

  let content: ReactNode = null;
  if (user === undefined) {
    content = <p className="empty">{t('loading')}</p>;
  } else if (route.name === 'feed') {
    content = <FeedPage />;
  } else if (route.name === 'login') {
    content = user ? null : <LoginPage />;
  } else if (route.name === 'notFound') {
    content = <p className="empty">{t('errNotFound')}</p>;
  } else if (user && route.name === 'queue') {
    content = <QueuePage />;
  } else if (user && route.name === 'case') {
    content = <CasePage key={route.id} caseId={route.id} />;
  }

  return (
    <>
      <NavBar />
      {content}
    </>
  );
}
