import { evidenceSchema, mergeDraft, type Draft, type DraftFields, type DraftSave, type EvidenceKind, type MergeableField, type Verdict } from '@refute/shared';

export interface EvidenceRow {
  /** Stable React key for a row; not sent to the server. */
  key: string;
  title: string;
  url: string;
  kind: EvidenceKind;
}

export interface DraftForm {
  verdict: Verdict | null;
  headline: string;
  summary: string;
  rebuttalHtml: string;
  evidence: EvidenceRow[];
}

let nextKey = 0;
export const newEvidenceRow = (): EvidenceRow => ({ key: `ev${++nextKey}`, title: '', url: '', kind: 'paper' });

export function formFromDraft(draft: Draft): DraftForm {
  return {
    verdict: draft.verdict,
    headline: draft.headline,
    summary: draft.summary,
    rebuttalHtml: draft.rebuttalHtml,
    evidence: draft.evidence.map((item) => ({ ...newEvidenceRow(), ...item })),
  };
}

const isBlank = (row: EvidenceRow) => !row.title.trim() && !row.url.trim();

export function isEvidenceRowValid(row: EvidenceRow): boolean {
  return evidenceSchema.safeParse({ title: row.title, url: row.url.trim(), kind: row.kind }).success;
}

/** Rows that were started but cannot be saved as they are. */
export function invalidEvidenceKeys(form: DraftForm): string[] {
  return form.evidence.filter((row) => !isBlank(row) && !isEvidenceRowValid(row)).map((row) => row.key);
}

export function toDraftSave(form: DraftForm, version: number): DraftSave {
  return {
    verdict: form.verdict,
    headline: form.headline,
    summary: form.summary,
    rebuttalHtml: form.rebuttalHtml,
    // Untouched empty rows are dropped rather than rejected.
    evidence: form.evidence
      .filter((row) => !isBlank(row))
      .map(({ title, url, kind }) => ({ title: title.trim(), url: url.trim(), kind })),
    version,
  };
}

/** A comparable fingerprint of what would be saved, to tell whether there are unsaved changes. */
export function snapshot(form: DraftForm): string {
  return JSON.stringify(toDraftSave(form, 0));
}

/**
 * The form with merged field values. Evidence rows are rebuilt only when the merge changed the
 * list, keeping the row (and its key, so focus stays) of every URL still there and rows not yet
 * filled in.
 */
function withMergedFields(form: DraftForm, merged: DraftFields): DraftForm {
  const current = toDraftSave(form, 0).evidence;
  const evidenceChanged = JSON.stringify(current) !== JSON.stringify(merged.evidence);
  const rowsByUrl = new Map(form.evidence.map((row) => [row.url.trim(), row]));
  return {
    ...form,
    verdict: merged.verdict,
    headline: merged.headline,
    summary: merged.summary,
    evidence: evidenceChanged ? [...merged.evidence.map((item) => ({ ...(rowsByUrl.get(item.url) ?? newEvidenceRow()), ...item })), ...form.evidence.filter(isBlank)] : form.evidence,
  };
}

/**
 * The form merged with a draft someone else saved since `base`: their values where this form
 * did not change a field, this form's where it did; `conflicts` are the fields both changed.
 */
export function mergeFormWith(base: DraftFields, form: DraftForm, theirs: DraftFields): { form: DraftForm; conflicts: MergeableField[] } {
  const { merged, conflicts } = mergeDraft(base, toDraftSave(form, 0), theirs);
  return { form: withMergedFields(form, merged), conflicts };
}
