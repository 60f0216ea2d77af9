import type { Config } from './config';
import { issueApiKey } from './features/apiKeys/keys';
import { ensureOrganisation } from './features/organisations/repository';
import { ensureUser } from './features/users/repository';

/** Ensures the admin and platform key named in the environment, for automated deployments. */
export async function applyBootstrap(config: Pick<Config, 'bootstrapAdmin' | 'bootstrapApiKey'>): Promise<void> {
  if (config.bootstrapAdmin) {
    const org = await ensureOrganisation({
      key: 'refute-operators',
      name: { zh: 'Refute 运维', en: 'Refute operators' },
      level: 'national',
      kind: 'review',
      region: 'CN',
    });
    await ensureUser({ orgId: org._id, ...config.bootstrapAdmin, name: 'Administrator', roles: ['admin'] });
  }
  if (config.bootstrapApiKey) {
    const org = await ensureOrganisation({
      key: 'bootstrap-platform',
      name: { zh: '自动化平台', en: 'Automation platform' },
      kind: 'platform',
      region: 'CN',
    });
    await issueApiKey({
      orgId: org._id,
      key: config.bootstrapApiKey,
      scopes: ['claims:write', 'claims:read', 'match:read', 'feed:read', 'webhooks:manage'],
      label: 'REFUTE_BOOTSTRAP_API_KEY',
    });
  }
}
