/** Accounts as admins see and change them: listing, creating or inviting, editing. */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AdminUserView, SessionUser, UserCreate, UserCreated, UserUpdate } from '@refute/shared';
import { conflict, isDuplicateKeyError, notFound, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { hashPassword } from '../auth/passwords';
import { issuePasswordLink, passwordLinkPath } from '../auth/passwordLinks';
import { OrganisationModel } from '../organisations/model';
import { organisationNames } from '../organisations/repository';
import { UserModel, type UserRecord } from './model';

async function present(users: UserRecord[]): Promise<AdminUserView[]> {
  const orgNames = await organisationNames([...new Set(users.map((user) => String(user.orgId)))]);
  return users.map((user) => ({
    id: String(user._id),
    name: user.name,
    email: user.email,
    roles: [...user.roles],
    orgId: String(user.orgId),
    orgName: orgNames[String(user.orgId)] ?? null,
    disabled: Boolean(user.disabled),
  }));
}

export async function listAccounts(): Promise<AdminUserView[]> {
  const users = await UserModel.find({}, { passwordHash: 0 }).lean<UserRecord[]>();
  users.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  return present(users);
}

async function requireOrganisation(orgId: string): Promise<void> {
  if (!(await OrganisationModel.exists({ _id: orgId }))) throw notFound('Organisation');
}

const actorOf = (admin: SessionUser) => ({ kind: 'user' as const, id: admin.id, orgId: admin.orgId });

/**
 * Creates an account. Without a password it is an invitation: the account gets a password nobody
 * knows, and the answer a one-time link where the person sets their own.
 */
export async function createAccount(admin: SessionUser, input: UserCreate): Promise<UserCreated> {
  await requireOrganisation(input.orgId);
  const invited = input.password === undefined;
  const password = input.password ?? randomBytes(32).toString('base64url');
  let created: UserRecord;
  try {
    const document = await UserModel.create({
      orgId: new Types.ObjectId(input.orgId),
      email: input.email.toLowerCase(),
      name: input.name,
      passwordHash: await hashPassword(password),
      roles: input.roles,
    });
    created = document.toObject();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict('email_taken', 'An account with this email exists');
    throw error;
  }
  await recordAudit({
    action: 'user.created',
    actor: actorOf(admin),
    subject: { kind: 'user', id: created._id },
    data: { name: created.name, roles: input.roles, orgId: input.orgId, invited },
  });
  const [user] = await present([created]);
  if (!invited) return { user: user! };
  return { user: user!, setPasswordPath: passwordLinkPath(await issuePasswordLink(created._id)) };
}

export async function updateAccount(admin: SessionUser, userId: string, patch: UserUpdate): Promise<AdminUserView> {
  const user = await UserModel.findById(userId, { passwordHash: 0 }).lean<UserRecord>();
  if (!user) throw notFound('User');
  if (userId.toLowerCase() === admin.id && patch.roles && !patch.roles.includes('admin')) {
    throw unprocessable('own_account', 'Admins cannot take away their own admin role');
  }
  if (patch.orgId) await requireOrganisation(patch.orgId);
  const before = { name: user.name, roles: [...user.roles], orgId: String(user.orgId) };
  const after = { name: patch.name ?? before.name, roles: patch.roles ?? before.roles, orgId: patch.orgId ?? before.orgId };
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((field) => JSON.stringify(after[field]) !== JSON.stringify(before[field]));
  if (changed.length > 0) {
    await UserModel.updateOne({ _id: user._id }, { $set: { name: after.name, roles: after.roles, orgId: new Types.ObjectId(after.orgId) } });
    // Name, roles and organisation are what routing reads of an account.
    domainEvents.emit('pool.changed', userId);
    await recordAudit({
      action: 'user.updated',
      actor: actorOf(admin),
      subject: { kind: 'user', id: user._id },
      data: { old: Object.fromEntries(changed.map((field) => [field, before[field]])), new: Object.fromEntries(changed.map((field) => [field, after[field]])) },
    });
  }
  const [view] = await present([{ ...user, ...after, orgId: new Types.ObjectId(after.orgId) }]);
  return view!;
}
