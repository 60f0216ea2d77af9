/** One-time links where an invited person sets their password. */
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../../http/errors';
import { recordAudit } from '../audit/service';
import { UserModel } from '../users/model';
import { hashPassword } from './passwords';
import { PasswordLinkModel } from './passwordLinkModel';
import { SessionModel } from './sessionModel';

export const PASSWORD_LINK_TTL_MS = 7 * 24 * 3_600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a link for this user; the token is returned once and stored only hashed. */
export async function issuePasswordLink(userId: Types.ObjectId): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await PasswordLinkModel.create({ _id: hashToken(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_LINK_TTL_MS) });
  return token;
}

export const passwordLinkPath = (token: string) => `/set-password#${token}`;

const invalidLink = () => new AppError(410, 'password_link_invalid', 'This password link is unknown, used or expired');

/**
 * Sets the password through a link, once: the link is deleted first, and only the request whose
 * delete removed it goes on. Sessions the account had are revoked.
 */
export async function setPasswordWithLink(token: string, password: string): Promise<void> {
  const link = await PasswordLinkModel.findById(hashToken(token)).lean();
  if (!link) throw invalidLink();
  const { deletedCount } = await PasswordLinkModel.deleteOne({ _id: link._id });
  if (deletedCount !== 1 || link.expiresAt.getTime() <= Date.now()) throw invalidLink();
  const user = await UserModel.findById(link.userId).lean();
  if (!user || user.disabled) throw invalidLink();
  await UserModel.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password) } });
  await SessionModel.updateMany({ userId: user._id, revokedAt: null }, { $set: { revokedAt: new Date() } });
  await recordAudit({
    action: 'user.password_set',
    actor: { kind: 'user', id: user._id, orgId: user.orgId },
    subject: { kind: 'user', id: new Types.ObjectId(String(user._id)) },
  });
}
