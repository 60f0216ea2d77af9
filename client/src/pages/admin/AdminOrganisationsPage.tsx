import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { COUNTRY_REGION, ORG_LEVELS, type OrgKind, type OrgLevel, type OrganisationView, type RegionLevel } from '@refute/shared';
import { api } from '../../api';
import { AdminTabs } from '../../components/AdminTabs';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice } from '../../components/Notice';
import { RegionPicker } from '../../components/RegionPicker';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { queryKeys } from '../../queries';
import { regionLabel, useRegions } from '../../regions';

interface Form {
  /** The organisation edited; null for a new one. */
  id: string | null;
  kind: OrgKind;
  zh: string;
  en: string;
  level: OrgLevel;
  parentId: string;
  region: string;
}

const NEW: Form = { id: null, kind: 'review', zh: '', en: '', level: 'national', parentId: '', region: COUNTRY_REGION };
const REGION_DEPTH: Record<Exclude<OrgLevel, 'national'>, RegionLevel> = { provincial: 'province', municipal: 'prefecture', county: 'county' };
const nextLevel = (level: OrgLevel | null): OrgLevel => ORG_LEVELS[Math.min(ORG_LEVELS.indexOf(level ?? 'national') + 1, ORG_LEVELS.length - 1)]!;
/** Parents a level may have: the level above, and for a county also a province (a municipality's districts). */
const PARENT_LEVELS: Record<OrgLevel, OrgLevel[]> = { national: [], provincial: ['national'], municipal: ['provincial'], county: ['municipal', 'provincial'] };

/** The review hierarchy as a tree, platforms apart; creating and editing organisations. */
export function AdminOrganisationsPage() {
  const { t, lang, labels } = useT();
  const regions = useRegions();
  const client = useQueryClient();
  const organisations = useQuery({ queryKey: queryKeys.adminOrganisations, queryFn: ({ signal }) => api.adminOrganisations(signal) });
  const [form, setForm] = useState<Form>(NEW);
  // A new key resets the region picker when another organisation is taken up.
  const [formKey, setFormKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const all = organisations.data?.items ?? [];
  const review = all.filter((org) => org.kind === 'review');
  const platforms = all.filter((org) => org.kind === 'platform');

  const open = (next: Form) => {
    setForm(next);
    setFormKey((key) => key + 1);
    setError(null);
    setSaved(false);
  };
  const edit = (org: OrganisationView) =>
    open({ id: org.id, kind: org.kind, zh: org.name.zh, en: org.name.en, level: org.level ?? 'national', parentId: org.parentId ?? '', region: org.region });
  const addBelow = (parent: OrganisationView) => open({ ...NEW, level: nextLevel(parent.level), parentId: parent.id, region: parent.region });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const name = { zh: form.zh.trim(), en: form.en.trim() };
    const isReview = form.kind === 'review';
    const region = isReview && form.level === 'national' ? COUNTRY_REGION : form.region;
    try {
      if (form.id) {
        await api.updateOrganisation(form.id, isReview ? { name, level: form.level, parentId: form.parentId || null, region } : { name, region });
      } else {
        await api.createOrganisation({ name, kind: form.kind, region, ...(isReview ? { level: form.level, ...(form.parentId ? { parentId: form.parentId } : {}) } : {}) });
        open(NEW);
      }
      setSaved(true);
      await client.invalidateQueries({ queryKey: queryKeys.adminOrganisations });
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const describe = (org: OrganisationView) => (
    <span className="org-node" data-testid="org-node" data-org-id={org.id}>
      <strong>{org.name[lang]}</strong>
      {org.level && <span className="badge">{labels.orgLevel[org.level]}</span>}
      <span className="muted">{regionLabel(regions, org.region, lang)}</span>
      <span className="muted">{t('orgMembers', { count: org.memberCount })}</span>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => edit(org)}>
        {t('adminEdit')}
      </button>
      {org.kind === 'review' && org.level !== 'county' && (
        <button type="button" className="btn btn-small btn-ghost" data-testid="org-add-below" onClick={() => addBelow(org)}>
          {t('orgAddBelow')}
        </button>
      )}
    </span>
  );
  const tree = (parentId: string | null) => {
    const children = review.filter((org) => org.parentId === parentId || (parentId === null && org.parentId !== null && !review.some((other) => other.id === org.parentId)));
    if (children.length === 0) return null;
    return (
      <ul className={parentId === null ? 'org-tree' : undefined}>
        {children.map((org) => (
          <li key={org.id}>
            {describe(org)}
            {tree(org.id)}
          </li>
        ))}
      </ul>
    );
  };

  const isReview = form.kind === 'review';
  const parents = review.filter((org) => PARENT_LEVELS[form.level].includes(org.level ?? 'national') && org.id !== form.id);
  return (
    <main className="page admin-page">
      <div className="page-header">
        <h1>{t('adminOrgsTitle')}</h1>
      </div>
      <AdminTabs />
      <ErrorBanner message={organisations.error ? errorMessage(organisations.error, t) : null} />
      <div className="admin-layout">
        <section className="panel" data-testid="org-tree">
          <h2>{t('orgHierarchy')}</h2>
          {tree(null)}
          <h2>{t('orgPlatforms')}</h2>
          <ul className="org-tree">
            {platforms.map((org) => (
              <li key={org.id}>{describe(org)}</li>
            ))}
          </ul>
        </section>
        <section className="panel">
          <h2>{form.id ? t('orgEditTitle', { name: form[lang] }) : t('orgCreateTitle')}</h2>
          <ErrorBanner message={error} onDismiss={() => setError(null)} />
          {saved && <Notice testId="org-saved">{t('orgSaved')}</Notice>}
          <form onSubmit={(event) => void submit(event)} data-testid="org-form" key={formKey}>
            {!form.id && (
              <div className="field">
                <label htmlFor="org-kind">{t('orgKind')}</label>
                <select id="org-kind" className="input" data-testid="org-kind" value={form.kind} onChange={(event) => setForm({ ...form, kind: event.target.value as OrgKind, region: COUNTRY_REGION })}>
                  <option value="review">{t('orgKindReview')}</option>
                  <option value="platform">{t('orgKindPlatform')}</option>
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="org-name-zh">{t('orgNameZh')}</label>
              <input id="org-name-zh" className="input" data-testid="org-name-zh" required value={form.zh} onChange={(event) => setForm({ ...form, zh: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="org-name-en">{t('orgNameEn')}</label>
              <input id="org-name-en" className="input" data-testid="org-name-en" required value={form.en} onChange={(event) => setForm({ ...form, en: event.target.value })} />
            </div>
            {isReview && (
              <>
                <div className="field">
                  <label htmlFor="org-level">{t('orgLevel')}</label>
                  <select id="org-level" className="input" data-testid="org-level" value={form.level} onChange={(event) => setForm({ ...form, level: event.target.value as OrgLevel })}>
                    {ORG_LEVELS.map((level) => (
                      <option key={level} value={level}>
                        {labels.orgLevel[level]}
                      </option>
                    ))}
                  </select>
                </div>
                {form.level !== 'national' && (
                  <div className="field">
                    <label htmlFor="org-parent">{t('orgParent')}</label>
                    <select id="org-parent" className="input" data-testid="org-parent" value={form.parentId} onChange={(event) => setForm({ ...form, parentId: event.target.value })}>
                      <option value="">{t('orgNoParent')}</option>
                      {parents.map((org) => (
                        <option key={org.id} value={org.id}>
                          {org.name[lang]}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
              </>
            )}
            {(!isReview || form.level !== 'national') && (
              <div className="field">
                <label htmlFor="org-region">{t('region')}</label>
                {isReview ? (
                  <RegionPicker id="org-region" testId="org-region" depth={REGION_DEPTH[form.level as Exclude<OrgLevel, 'national'>]} exact value={form.region} onChange={(region) => setForm({ ...form, region })} />
                ) : (
                  <RegionPicker id="org-region" testId="org-region" depth="county" value={form.region === COUNTRY_REGION ? '' : form.region} onChange={(region) => setForm({ ...form, region: region || COUNTRY_REGION })} />
                )}
              </div>
            )}
            <button type="submit" className="btn btn-primary" data-testid="org-submit" disabled={busy}>
              {busy ? t('adminSaving') : form.id ? t('adminSave') : t('orgCreate')}
            </button>{' '}
            {form.id && (
              <button type="button" className="btn btn-ghost" onClick={() => open(NEW)}>
                {t('adminCancel')}
              </button>
            )}
          </form>
        </section>
      </div>
    </main>
  );
}
