/** Experts in the pool for tests: an account with the reviewer role and a profile a lead saved. */
import { TOPICS, type ExpertProfileInput } from '@refute/shared';
import { createUser } from '../../fixtures/factories';
import { loggedIn, type Member } from './workbench';

/** A profile that fits any case (every domain, both languages), in `region`. */
export function buildExpertProfile(overrides: Partial<ExpertProfileInput> = {}): ExpertProfileInput {
  return { domains: [...TOPICS], keywords: [], title: '研究员', credentials: '', region: '330102', languages: ['zh', 'en'], capacity: 3, leave: [], onCall: false, ...overrides };
}

/** A new reviewer (of organisation `orgId` when given), logged in, whose profile `manager` (a lead or an admin) saved. */
export async function createExpert(baseUrl: string, manager: Member, overrides: Partial<ExpertProfileInput> = {}, orgId?: string): Promise<Member> {
  const expert = await loggedIn(baseUrl, await createUser({ roles: ['reviewer'], ...(orgId ? { orgId } : {}) }));
  const saved = await manager.http.put(`/api/v1/experts/${expert.id}`, buildExpertProfile(overrides));
  if (saved.status !== 200) throw new Error(`saving the expert profile failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  return expert;
}
