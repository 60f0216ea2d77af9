import { hasRole } from '@refute/shared';
import { ApiKeysPanel } from '../components/platform/ApiKeysPanel';
import { ImportPanel } from '../components/platform/ImportPanel';
import { WebhooksPanel } from '../components/platform/WebhooksPanel';
import { ReportForm } from '../components/platform/ReportForm';
import { OurReports } from '../components/platform/OurReports';
import { useT } from '../i18n';
import { useUser } from '../session';

/**
 * A platform moderator's start page: report a claim (answered at once when it is a known rumor)
 * and follow their platform's reports, import reports in bulk; the platform's admins also manage
 * its API keys and webhooks here.
 */
export function PlatformPage() {
  const { t } = useT();
  const user = useUser();
  return (
    <main className="page platform-page">
      <div className="page-header">
        <h1>{t('platformTitle')}</h1>
      </div>
      <div className="platform-layout">
        <ReportForm />
        <OurReports orgId={user.orgId} />
      </div>
      <div className="platform-admin">
        <ImportPanel />
        {hasRole(user.roles, 'admin') && (
          <>
            <ApiKeysPanel />
            <WebhooksPanel />
          </>
        )}
      </div>
    </main>
  );
}
