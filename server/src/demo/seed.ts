/**
 * Demo data for a first look: the team's organisations, experts and reports from fixtures/demo,
 * pushed through the same services as real traffic, and a few reviews taken to publication.
 */
import { issueApiKey } from '../features/apiKeys/keys';
import { presentSessionUser } from '../features/auth/sessions';
import { reportClaim } from '../features/claims/intake';
import { findClaimByExternalId } from '../features/claims/repository';
import { isDuplicateKeyError } from '../http/errors';
import { OnceModel } from '../features/meta/onceModel';
import { ensureOrganisation } from '../features/organisations/repository';
import { approveCase } from '../features/reviews/approval';
import { claimCase, saveDraft, submitCase } from '../features/reviews/workflow';
import { checklistOf, tickChecklistItem } from '../features/checklists/service';
import { findCase } from '../features/cases/repository';
import { UserModel } from '../features/users/model';
import { ensureUser } from '../features/users/repository';
import { loadDemoFixtures, type DemoFixtures } from './fixtures';

const DEMO_MARKER = 'demo-seed';

export interface DemoAccounts {
  logins: Array<{ role: string; email: string; password: string }>;
  apiKey: string;
}

/** Seeds the demo into an empty database, once even when several processes start together. */
export async function seedDemoIfEmpty(log: (line: string) => void): Promise<DemoAccounts | null> {
  const fixtures = loadDemoFixtures();
  if ((await UserModel.estimatedDocumentCount()) > 0 && !(await OnceModel.exists({ _id: DEMO_MARKER }))) return null;
  try {
    await OnceModel.create({ _id: DEMO_MARKER, startedAt: new Date() });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return demoAccounts(fixtures);
  }
  log(`Seeding demo data: ${fixtures.organisations.length} organisations, ${fixtures.users.length} users, ${fixtures.claims.length} reports…`);
  await seed(fixtures);
  await OnceModel.updateOne({ _id: DEMO_MARKER }, { $set: { completedAt: new Date() } });
  return demoAccounts(fixtures);
}

function demoAccounts(fixtures: DemoFixtures): DemoAccounts {
  return {
    logins: fixtures.users.map((user) => ({ role: user.roles.join('+'), email: user.email, password: user.password })),
    apiKey: fixtures.apiKeys[0]!.key,
  };
}

async function seed(fixtures: DemoFixtures): Promise<void> {
  const orgIds = new Map<string, Awaited<ReturnType<typeof ensureOrganisation>>['_id']>();
  const orgId = (key: string) => {
    const id = orgIds.get(key);
    if (!id) throw new Error(`Demo fixture names an unknown organisation: ${key}`);
    return id;
  };
  for (const { parent, ...org } of fixtures.organisations) {
    orgIds.set(org.key, (await ensureOrganisation({ ...org, parentId: parent ? orgId(parent) : null }))._id);
  }

  const users = new Map<string, ReturnType<typeof presentSessionUser>>();
  for (const user of fixtures.users) {
    const record = await ensureUser({ ...user, orgId: orgId(user.org) });
    users.set(user.key, presentSessionUser(record));
  }
  const user = (key: string) => {
    const found = users.get(key);
    if (!found) throw new Error(`Demo fixture names an unknown user: ${key}`);
    return found;
  };

  const keyIds = new Map<string, Awaited<ReturnType<typeof issueApiKey>>['id']>();
  for (const key of fixtures.apiKeys) keyIds.set(key.org, (await issueApiKey({ ...key, orgId: orgId(key.org) })).id);
  const keyId = (platform: string) => {
    const id = keyIds.get(platform);
    if (!id) throw new Error(`Demo fixture names a platform without an API key: ${platform}`);
    return id;
  };

  const now = Date.now();
  for (const { platform, topic: _topic, group: _group, hoursAgo, ...report } of fixtures.claims) {
    await reportClaim(
      { orgId: orgId(platform), apiKeyId: keyId(platform) },
      { ...report, reportedAt: new Date(now - hoursAgo * 3_600_000).toISOString() },
    );
  }

  for (const { claim, author, approver, ...review } of fixtures.reviews) {
    const reported = await findClaimByExternalId(orgId(claim.platform), claim.externalId);
    if (!reported?.caseId) throw new Error(`Demo review names an unknown report: ${claim.externalId}`);
    const caseId = String(reported.caseId);
    await claimCase(user(author), caseId);
    await saveDraft(user(author), caseId, { ...review, version: 0 });
    // The author ticks the checklist; the approver, who wrote none of it, gives a second expert's sign-off.
    for (const item of (await checklistOf((await findCase(caseId))!)).items) {
      await tickChecklistItem(user(item.secondExpert ? approver : author), caseId, item.id, true);
    }
    await submitCase(user(author), caseId);
    await approveCase(user(approver), caseId);
  }
}
