import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Route, Switch, useRoute } from 'wouter';
import { NavBar } from './components/NavBar';
import { PageSkeleton } from './components/Skeleton';
import { administers, homeFor, isExpert, managesExperts, reviews } from './home';
import { useLiveQueryUpdates } from './queries';
import { useT } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { navigate, usePathname } from './router';
import { useSession } from './session';

// Each page is loaded when first shown, so the first screen ships only its own code.
const CasePage = lazy(() => import('./pages/CasePage').then((module) => ({ default: module.CasePage })));
const FeedPage = lazy(() => import('./pages/FeedPage').then((module) => ({ default: module.FeedPage })));
const PlatformPage = lazy(() => import('./pages/PlatformPage').then((module) => ({ default: module.PlatformPage })));
const NotificationSettingsPage = lazy(() => import('./pages/NotificationSettingsPage').then((module) => ({ default: module.NotificationSettingsPage })));
const AdminUsersPage = lazy(() => import('./pages/admin/AdminUsersPage').then((module) => ({ default: module.AdminUsersPage })));
const AdminOrganisationsPage = lazy(() => import('./pages/admin/AdminOrganisationsPage').then((module) => ({ default: module.AdminOrganisationsPage })));
const AdminSettingsPage = lazy(() => import('./pages/admin/AdminSettingsPage').then((module) => ({ default: module.AdminSettingsPage })));
const SetPasswordPage = lazy(() => import('./pages/SetPasswordPage').then((module) => ({ default: module.SetPasswordPage })));
const ExpertsPage = lazy(() => import('./pages/ExpertsPage').then((module) => ({ default: module.ExpertsPage })));
const MyAvailabilityPage = lazy(() => import('./pages/MyAvailabilityPage').then((module) => ({ default: module.MyAvailabilityPage })));
const QueuePage = lazy(() => import('./pages/QueuePage').then((module) => ({ default: module.QueuePage })));

/** Pages anyone may see; every other page needs a signed-in user. */
const PUBLIC_PATHS = ['/login', '/feed', '/set-password'];

export function App() {
  const { t } = useT();
  const { user } = useSession();
  const pathname = usePathname();
  const [isHome] = useRoute('/');
  const [isLogin] = useRoute('/login');
  const needsLogin = !PUBLIC_PATHS.includes(pathname);

  useEffect(() => {
    if (user === undefined) return;
    if (isHome) navigate(user ? homeFor(user) : '/login', { replace: true });
    else if (!user && needsLogin) navigate('/login', { replace: true });
    else if (user && isLogin) navigate(homeFor(user), { replace: true });
    // Nobody is shown pages of a role they do not have: they go to their own start page.
    else if (user && !reviews(user) && (pathname === '/queue' || pathname.startsWith('/cases/'))) navigate(homeFor(user), { replace: true });
    else if (user && !administers(user) && pathname.startsWith('/admin')) navigate(homeFor(user), { replace: true });
    else if (user && !managesExperts(user) && pathname === '/experts') navigate(homeFor(user), { replace: true });
    else if (user && !isExpert(user) && pathname === '/settings/availability') navigate(homeFor(user), { replace: true });
    else if (user && pathname === '/admin') navigate('/admin/users', { replace: true });
  }, [user, isHome, isLogin, needsLogin, pathname]);

  useDocumentTitle(pathname);

  let content: ReactNode;
  if (user === undefined) {
    content = <PageSkeleton />;
  } else {
    content = (
      <Suspense fallback={<PageSkeleton />}>
      <Switch>
        <Route path="/login">{user ? null : <LoginPage />}</Route>
        <Route path="/feed">
          <FeedPage />
        </Route>
        <Route path="/queue">{user && reviews(user) && <QueuePage />}</Route>
        <Route path="/cases/:id">{(params) => user && reviews(user) && <CasePage key={params.id} caseId={params.id} />}</Route>
        <Route path="/platform">{user && <PlatformPage />}</Route>
        <Route path="/settings/notifications">{user && <NotificationSettingsPage />}</Route>
        <Route path="/settings/availability">{user && isExpert(user) && <MyAvailabilityPage />}</Route>
        <Route path="/experts">{user && managesExperts(user) && <ExpertsPage />}</Route>
        <Route path="/admin/users">{user && administers(user) && <AdminUsersPage />}</Route>
        <Route path="/admin/organisations">{user && administers(user) && <AdminOrganisationsPage />}</Route>
        <Route path="/admin/settings">{user && administers(user) && <AdminSettingsPage />}</Route>
        <Route path="/admin">{null}</Route>
        <Route path="/set-password">
          <SetPasswordPage />
        </Route>
        <Route path="/">{null}</Route>
        <Route>
          <p className="empty">{t('errNotFound')}</p>
        </Route>
      </Switch>
      </Suspense>
    );
  }

  return (
    <>
      <NavBar />
      {user && <LiveUpdates />}
      {content}
    </>
  );
}

/** Keeps cached server state current from socket events while someone is signed in. */
function LiveUpdates() {
  useLiveQueryUpdates();
  return null;
}

function useDocumentTitle(pathname: string): void {
  const { t } = useT();
  useEffect(() => {
    const page = pathname.startsWith('/cases/')
      ? t('draftTitle')
      : ({
          '/login': t('login'),
          '/queue': t('queueTitle'),
          '/feed': t('feedTitle'),
          '/platform': t('platformTitle'),
          '/admin/users': t('adminUsersTitle'),
          '/admin/organisations': t('adminOrgsTitle'),
          '/admin/settings': t('adminSettingsTitle'),
          '/set-password': t('setPasswordTitle'),
          '/settings/notifications': t('notifSettingsTitle'),
          '/settings/availability': t('availabilityTitle'),
          '/experts': t('expertsTitle'),
        } as Record<string, string>)[pathname];
    document.title = page ? `${page} · ${t('appName')}` : t('appName');
  }, [pathname, t]);
}
