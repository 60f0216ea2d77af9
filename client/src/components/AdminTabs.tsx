import { useT } from '../i18n';
import { usePathname } from '../router';
import { Link } from './Link';

const TABS = [
  { to: '/admin/users', label: 'adminUsersTitle' },
  { to: '/admin/organisations', label: 'adminOrgsTitle' },
  { to: '/admin/settings', label: 'adminSettingsTitle' },
] as const;

/** The admin screens' own navigation. */
export function AdminTabs() {
  const { t } = useT();
  const pathname = usePathname();
  return (
    <nav className="admin-tabs" aria-label={t('navAdmin')}>
      {TABS.map((tab) => (
        <Link key={tab.to} to={tab.to} className={pathname === tab.to ? 'btn btn-small btn-primary' : 'btn btn-small btn-ghost'} aria-current={pathname === tab.to ? 'page' : undefined}>
          {t(tab.label)}
        </Link>
      ))}
    </nav>
  );
}
