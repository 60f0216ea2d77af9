import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { SessionUser } from '@refute/shared';
import { domainEvents } from '../../realtime/domainEvents';
import { UserModel, type UserRecord } from '../users/model';
import { SessionModel } from './sessionModel';

export const SESSION_COOKIE = 'refute_session';
export const SESSION_TTL_MS = 12 * 3_600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(userId: Types.ObjectId): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await SessionModel.create({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The user behind a session token and when the session expires, or null when it is unknown, expired, revoked or disabled. */
export async function activeSession(token: string): Promise<{ user: SessionUser; expiresAt: Date } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const session = await SessionModel.findOne({ tokenHash: hashToken(token), revokedAt: null }).lean();
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const user = await UserModel.findById(session.userId).lean<UserRecord>();
  if (!user || user.disabled) return null;
  return { user: presentSessionUser(user), expiresAt: session.expiresAt };
}

/** The user behind a session token, or null when it is unknown, expired, revoked or disabled. */
export async function userForSession(token: string): Promise<SessionUser | null> {
  return (await activeSession(token))?.user ?? null;
}

export async function revokeSession(token: string): Promise<void> {
  const tokenHash = hashToken(token);
  await SessionModel.updateOne({ tokenHash, revokedAt: null }, { $set: { revokedAt: new Date() } });
  domainEvents.emit('session.revoked', tokenHash);
}

export { hashToken as sessionTokenHash };

export function presentSessionUser(user: UserRecord): SessionUser {
  return { id: String(user._id), email: user.email, name: user.name, roles: [...user.roles], orgId: String(user.orgId) };
}
