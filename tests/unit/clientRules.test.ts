import type { CaseDetail, SessionUser } from '@refute/shared';
import { ApiError } from '../../client/src/api';
import { invalidEvidenceKeys, newEvidenceRow, toDraftSave } from '../../client/src/draftForm';
import { errorMessage } from '../../client/src/errors';
import { casePermissions } from '../../client/src/permissions';

const user = (roles: SessionUser['roles'], id = 'u1'): SessionUser => ({ id, email: `${id}@x.example`, name: id, roles, orgId: 'o1' });
const detail = (overrides: Partial<CaseDetail> = {}) =>
  ({
    status: 'in_review',
    assignees: ['u1'],
    reports: [{ id: 'r1' }, { id: 'r2' }],
    draft: { authorIds: [] },
    escalation: { leadUnitId: null, leadUnitLevel: null, cooperatingUnitIds: [], escalations: 0, history: [], atRisk: null },
    ...overrides,
  }) as unknown as CaseDetail;

describe('case permissions follow the shared rules', () => {
  test('an assignee edits and submits; a reviewer not on the case does not, nor moves reports', () => {
    expect(casePermissions(user(['reviewer']), detail())).toMatchObject({ edit: true, submit: true, moveOut: true });
    expect(casePermissions(user(['reviewer'], 'u2'), detail())).toMatchObject({ edit: false, moveOut: false, merge: false });
  });
  test('four-eyes: a lead who contributed is blocked, and told', () => {
    const submitted = detail({ status: 'submitted', draft: { authorIds: ['lead'] } as never });
    expect(casePermissions(user(['lead'], 'lead'), submitted)).toMatchObject({ review: false, fourEyesBlocked: true });
    expect(casePermissions(user(['lead'], 'other'), submitted)).toMatchObject({ review: true, fourEyesBlocked: false });
  });
  test("only the lead unit's leads approve; checklist items are ticked by the experts, a second expert's by a non-author", () => {
    const submitted = detail({ status: 'submitted', escalation: { leadUnitId: 'o2' } as never });
    expect(casePermissions(user(['lead'], 'other'), submitted).review).toBe(false);
    expect(casePermissions({ ...user(['lead'], 'other'), orgId: 'o2' }, submitted).review).toBe(true);
    const drafting = detail({ draft: { authorIds: ['u1'] } as never });
    expect(casePermissions(user(['reviewer']), drafting).tick({ secondExpert: false })).toBe(true);
    expect(casePermissions(user(['reviewer']), drafting).tick({ secondExpert: true })).toBe(false);
    expect(casePermissions(user(['reviewer'], 'u2'), drafting).tick({ secondExpert: true })).toBe(true);
    expect(casePermissions(user(['reviewer'], 'u2'), drafting).tick({ secondExpert: false })).toBe(false);
  });
  test('a published case: nothing regroups, a lead may reopen it', () => {
    const published = detail({ status: 'published' });
    expect(casePermissions(user(['lead']), published)).toMatchObject({ merge: false, moveOut: false, reopen: true });
    expect(casePermissions(user(['reviewer']), published).reopen).toBe(false);
  });
});

describe('draft form rules', () => {
  test('untouched empty evidence rows are dropped, started invalid ones are reported', () => {
    const blank = newEvidenceRow();
    const broken = { ...newEvidenceRow(), title: 'A paper', url: 'not a url' };
    const form = { verdict: null, headline: ' h ', summary: '', rebuttalHtml: '', evidence: [blank, broken] };
    expect(invalidEvidenceKeys(form)).toEqual([broken.key]);
    expect(toDraftSave({ ...form, evidence: [blank] }, 4)).toMatchObject({ evidence: [], version: 4 });
  });
});

describe('error messages are the UI language, never the server English', () => {
  const t = ((key: string, vars?: Record<string, unknown>) => `${key}${vars ? JSON.stringify(vars) : ''}`) as never;
  test.each([
    ['four_eyes', 403, 'errFourEyes'],
    ['not_on_case', 403, 'errNotOnCase'],
    ['case_published', 409, 'errCasePublished'],
    ['cross_origin', 403, 'errCrossOrigin'],
    ['invalid_state', 409, 'errInvalidState'],
  ])('%s → %s', (code, status, key) => {
    expect(errorMessage(new ApiError(status, code, 'English from the server'), t)).toBe(key);
  });
  test('too many attempts says in how many minutes', () => {
    expect(errorMessage(new ApiError(429, 'too_many_attempts', 'x', { retryAfterSeconds: 600 }), t)).toBe('errTooManyAttempts{"count":10}');
  });
});
