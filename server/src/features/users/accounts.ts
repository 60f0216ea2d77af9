/**
 * Disabling and re-enabling accounts. A disabled user is cut off at once: their sessions are
 * revoked and their sockets disconnected, and the handshake (which also runs on connection-state
 * recovery) refuses them until an admin enables the account again.
 */
import { Types } from 'mongoose';
import type { Role, SessionUser } from '@refute/shared';
import { notFound, unprocessable } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { recordAudit } from '../audit/service';
import { SessionModel } from '../auth/sessionModel';
import { UserModel, type UserRecord } from './model';

export interface AccountView {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  disabled: boolean;
}

export async function setAccountDisabled(admin: SessionUser, userId: string, disabled: boolean): Promise<AccountView> {
  if (userId.toLowerCase() === admin.id) {
    throw unprocessable('own_account', 'Admins cannot disable or enable their own account');
  }
  const user = await UserModel.findById(userId).lean<UserRecord>();
  if (!user) throw notFound('User');
  const changed = Boolean(user.disabled) !== disabled;
  if (changed) {
    await UserModel.updateOne({ _id: user._id }, { $set: { disabled } });
    domainEvents.emit('pool.changed', String(user._id));
  }
  if (disabled) {
    // Sessions are checked against the account on every request already; revoking them too
    // means re-enabling the account does not bring old sessions back.
    await SessionModel.updateMany({ userId: user._id, revokedAt: null }, { $set: { revokedAt: new Date() } });
    domainEvents.emit('user.disabled', String(user._id));
  }
  if (changed) {
    await recordAudit({
      action: disabled ? 'user.disabled' : 'user.enabled',
      actor: { kind: 'user', id: admin.id, orgId: admin.orgId },
      subject: { kind: 'user', id: new Types.ObjectId(String(user._id)) },
    });
  }
  return { id: String(user._id), name: user.name, email: user.email, roles: [...user.roles], disabled };
}
