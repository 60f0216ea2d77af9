import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PASSWORD_MIN, ROLES, type AdminUserView, type OrganisationView, type Role } from '@refute/shared';
import { api } from '../../api';
import { AdminTabs } from '../../components/AdminTabs';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice } from '../../components/Notice';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { queryKeys } from '../../queries';
import { useUser } from '../../session';

interface Fields {
  name: string;
  email: string;
  roles: Role[];
  orgId: string;
  invite: boolean;
  password: string;
}

const EMPTY: Fields = { name: '', email: '', roles: ['reviewer'], orgId: '', invite: true, password: '' };

function RoleChoice({ value, onChange, idPrefix }: { value: Role[]; onChange: (roles: Role[]) => void; idPrefix: string }) {
  const { labels } = useT();
  return (
    <div className="checkbox-row">
      {ROLES.map((role) => (
        <label key={role}>
          <input
            type="checkbox"
            data-testid={`${idPrefix}-role-${role}`}
            checked={value.includes(role)}
            onChange={(event) => onChange(event.target.checked ? [...value, role] : value.filter((other) => other !== role))}
          />{' '}
          {labels.role[role]}
        </label>
      ))}
    </div>
  );
}

function OrganisationSelect({ id, value, onChange, organisations }: { id: string; value: string; onChange: (id: string) => void; organisations: OrganisationView[] }) {
  const { t, lang } = useT();
  return (
    <select id={id} className="input" data-testid={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{t('chooseOrganisation')}</option>
      {organisations.map((org) => (
        <option key={org.id} value={org.id}>
          {org.name[lang]}
        </option>
      ))}
    </select>
  );
}

/** Accounts: who may do what in which organisation; creating, inviting, editing, disabling. */
export function AdminUsersPage() {
  const { t, lang, labels } = useT();
  const me = useUser();
  const client = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.adminUsers, queryFn: ({ signal }) => api.adminUsers(signal) });
  const organisations = useQuery({ queryKey: queryKeys.adminOrganisations, queryFn: ({ signal }) => api.adminOrganisations(signal) });
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; link: string | null } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; roles: Role[]; orgId: string } | null>(null);
  const orgs = organisations.data?.items ?? [];

  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.adminUsers }), client.invalidateQueries({ queryKey: queryKeys.adminOrganisations })]);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await refresh();
      return true;
    } catch (caught) {
      setError(errorMessage(caught, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const answer = await api.createUser({
        name: fields.name,
        email: fields.email,
        roles: fields.roles,
        orgId: fields.orgId,
        ...(fields.invite ? {} : { password: fields.password }),
      });
      setCreated({ name: answer.user.name, link: answer.setPasswordPath ? `${window.location.origin}${answer.setPasswordPath}` : null });
      setFields(EMPTY);
    });
  };

  const setDisabled = (user: AdminUserView, disabled: boolean) =>
    run(async () => {
      await api.setUserDisabled(user.id, disabled);
      setConfirming(null);
    });

  const saveEdit = () =>
    editing &&
    run(async () => {
      await api.updateUser(editing.id, { roles: editing.roles, orgId: editing.orgId });
      setEditing(null);
    });

  return (
    <main className="page admin-page">
      <div className="page-header">
        <h1>{t('adminUsersTitle')}</h1>
      </div>
      <AdminTabs />
      <ErrorBanner message={error ?? (users.error ? errorMessage(users.error, t) : null)} onDismiss={() => setError(null)} />
      {created && (
        <Notice testId="user-created">
          {created.link ? (
            <>
              {t('inviteLinkShown', { name: created.name })}
              <div className="invite-link" data-testid="invite-link">
                {created.link}
              </div>
            </>
          ) : (
            t('userCreated', { name: created.name })
          )}
        </Notice>
      )}
      <div className="admin-layout">
        <section className="panel">
          <table className="admin-table" data-testid="user-table">
            <thead>
              <tr>
                <th>{t('userName')}</th>
                <th>{t('userRoles')}</th>
                <th>{t('userOrganisation')}</th>
                <th>{t('userStatus')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(users.data?.items ?? []).map((user) => (
                <tr key={user.id} data-testid="user-row" data-user-email={user.email}>
                  <td>
                    {user.name}
                    <div className="muted">{user.email}</div>
                  </td>
                  <td>
                    {editing?.id === user.id ? (
                      <RoleChoice idPrefix="edit" value={editing.roles} onChange={(roles) => setEditing({ ...editing, roles })} />
                    ) : (
                      user.roles.map((role) => labels.role[role]).join(' · ')
                    )}
                  </td>
                  <td>
                    {editing?.id === user.id ? (
                      <OrganisationSelect id="edit-org" value={editing.orgId} organisations={orgs} onChange={(orgId) => setEditing({ ...editing, orgId })} />
                    ) : (
                      (user.orgName?.[lang] ?? '')
                    )}
                  </td>
                  <td>{user.disabled ? <span className="badge">{t('userDisabled')}</span> : t('userActive')}</td>
                  <td>
                    {editing?.id === user.id ? (
                      <>
                        <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void saveEdit()}>
                          {t('adminSave')}
                        </button>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(null)}>
                          {t('adminCancel')}
                        </button>
                      </>
                    ) : confirming === user.id ? (
                      <span role="alert">
                        {t('confirmDisableUser', { name: user.name })}{' '}
                        <button type="button" className="btn btn-small btn-danger-ghost" data-testid="confirm-disable" disabled={busy} onClick={() => void setDisabled(user, true)}>
                          {t('userDisable')}
                        </button>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(null)}>
                          {t('adminCancel')}
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing({ id: user.id, roles: user.roles, orgId: user.orgId })}>
                          {t('adminEdit')}
                        </button>
                        {user.id !== me.id &&
                          (user.disabled ? (
                            <button type="button" className="btn btn-small btn-ghost" disabled={busy} onClick={() => void setDisabled(user, false)}>
                              {t('userEnable')}
                            </button>
                          ) : (
                            <button type="button" className="btn btn-small btn-danger-ghost" data-testid="disable-user" onClick={() => setConfirming(user.id)}>
                              {t('userDisable')}
                            </button>
                          ))}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel">
          <h2>{t('userCreateTitle')}</h2>
          <form onSubmit={(event) => void create(event)} data-testid="user-form">
            <div className="field">
              <label htmlFor="user-name">{t('userName')}</label>
              <input id="user-name" className="input" data-testid="user-name" required value={fields.name} onChange={(event) => setFields({ ...fields, name: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="user-email">{t('email')}</label>
              <input id="user-email" type="email" className="input" data-testid="user-email" required value={fields.email} onChange={(event) => setFields({ ...fields, email: event.target.value })} />
            </div>
            <div className="field">
              <span className="label">{t('userRoles')}</span>
              <RoleChoice idPrefix="user" value={fields.roles} onChange={(roles) => setFields({ ...fields, roles })} />
            </div>
            <div className="field">
              <label htmlFor="user-org">{t('userOrganisation')}</label>
              <OrganisationSelect id="user-org" value={fields.orgId} organisations={orgs} onChange={(orgId) => setFields({ ...fields, orgId })} />
            </div>
            <div className="field">
              <label>
                <input type="checkbox" data-testid="user-invite" checked={fields.invite} onChange={(event) => setFields({ ...fields, invite: event.target.checked })} /> {t('userInvite')}
              </label>
            </div>
            {!fields.invite && (
              <div className="field">
                <label htmlFor="user-password">{t('userInitialPassword')}</label>
                <input
                  id="user-password"
                  type="password"
                  className="input"
                  autoComplete="new-password"
                  minLength={PASSWORD_MIN}
                  required
                  value={fields.password}
                  onChange={(event) => setFields({ ...fields, password: event.target.value })}
                />
              </div>
            )}
            <button type="submit" className="btn btn-primary" data-testid="user-submit" disabled={busy || fields.roles.length === 0 || !fields.orgId}>
              {busy ? t('adminSaving') : t('userCreate')}
            </button>
          </form>
        </section>
      </div>
    </main>
  );
}
