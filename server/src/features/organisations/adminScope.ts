import { Types } from 'mongoose';
import type { SessionUser } from '@refute/shared';
import { forbidden } from '../../http/errors';
import { OrganisationModel } from './model';

/**
 * The organisation a signed-in admin acts for: their own, or — for a Refute admin (of a review
 * organisation) only — the one named with `?org=`. A platform's admin manages only that platform.
 */
export async function organisationAdministered(user: SessionUser, org: string | undefined): Promise<Types.ObjectId> {
  if (!org || org === user.orgId) return new Types.ObjectId(user.orgId);
  const own = await OrganisationModel.findById(user.orgId, { kind: 1 }).lean();
  if (own?.kind !== 'review') throw forbidden('other_organisation', "A platform's admin manages only that platform");
  return new Types.ObjectId(org);
}
