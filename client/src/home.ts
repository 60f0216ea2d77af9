import { hasRole, type SessionUser } from '@refute/shared';

/** Where each person starts: reviewers, leads and admins at the queue, platform moderators at their console. */
export function homeFor(user: Pick<SessionUser, 'roles'>): string {
  return hasRole(user.roles, 'reviewer', 'lead', 'admin') ? '/queue' : hasRole(user.roles, 'moderator') ? '/platform' : '/feed';
}

/** Whether the workbench's review pages are for this person. */
export const reviews = (user: Pick<SessionUser, 'roles'>) => hasRole(user.roles, 'reviewer', 'lead', 'admin');

/** Whether the admin screens (accounts, organisations, settings) are for this person. */
export const administers = (user: Pick<SessionUser, 'roles'>) => hasRole(user.roles, 'admin');

/** Whether the expert pool (专家库) is for this person: leads and admins manage it. */
export const managesExperts = (user: Pick<SessionUser, 'roles'>) => hasRole(user.roles, 'lead', 'admin');

/** Whether this person is an expert who may set their own availability. */
export const isExpert = (user: Pick<SessionUser, 'roles'>) => hasRole(user.roles, 'reviewer');
