/**
 * Three-way merge of the review draft's structured fields. Two experts who saved from the same
 * version keep both their changes when they touched different fields (or different evidence
 * items); when both changed the same one differently, that field is a conflict and the later
 * saver is told instead of overwriting. The server decides saves with it; the client uses it to
 * take in others' saves live without losing what is being typed.
 */
import type { Verdict } from './enums';
import type { Evidence } from './schemas/drafts';

export interface DraftFields {
  verdict: Verdict | null;
  headline: string;
  summary: string;
  rebuttalHtml: string;
  evidence: Evidence[];
}

export type MergeableField = 'verdict' | 'headline' | 'summary' | 'evidence';

export interface DraftMerge<T extends DraftFields> {
  merged: T;
  /** Fields both sides changed differently; `merged` holds `mine` for them. */
  conflicts: MergeableField[];
}

const SCALAR_FIELDS = ['verdict', 'headline', 'summary'] as const;
/** Every field a merge can clash on. */
export const MERGEABLE_FIELDS: readonly MergeableField[] = [...SCALAR_FIELDS, 'evidence'];

const sameEvidence = (a: Evidence | undefined, b: Evidence | undefined) =>
  a?.title === b?.title && a?.url === b?.url && a?.kind === b?.kind;

/** Evidence items are identified by their URL: a list merge of additions, removals and edits. */
function mergeEvidence(base: Evidence[], mine: Evidence[], theirs: Evidence[]): { merged: Evidence[]; conflict: boolean } {
  const byUrl = (list: Evidence[]) => new Map(list.map((item) => [item.url, item]));
  const [baseByUrl, mineByUrl, theirsByUrl] = [byUrl(base), byUrl(mine), byUrl(theirs)];
  let conflict = false;
  const merged: Evidence[] = [];
  for (const their of theirs) {
    const original = baseByUrl.get(their.url);
    const my = mineByUrl.get(their.url);
    if (original && !my) {
      // I removed it; an edit of theirs made meanwhile is a conflict, otherwise it goes.
      if (!sameEvidence(original, their)) {
        conflict = true;
        merged.push(their);
      }
      continue;
    }
    if (!my) {
      merged.push(their);
      continue;
    }
    const iChanged = !sameEvidence(original, my);
    const theyChanged = !sameEvidence(original, their);
    if (iChanged && theyChanged && !sameEvidence(my, their)) conflict = true;
    merged.push(iChanged ? my : their);
  }
  for (const my of mine) {
    if (theirsByUrl.has(my.url)) continue;
    const original = baseByUrl.get(my.url);
    if (!original) merged.push(my);
    // They removed an item I kept: removal wins unless I edited it.
    else if (!sameEvidence(original, my)) {
      conflict = true;
      merged.push(my);
    }
  }
  return { merged, conflict };
}

/**
 * Merges `mine` (based on `base`) into `theirs` (the newer version). The rebuttal is co-edited
 * live as one shared document, so each save carries its current text: mine wins when I changed it.
 */
export function mergeDraft<T extends DraftFields>(base: DraftFields, mine: T, theirs: DraftFields): DraftMerge<T> {
  const merged: T = { ...mine };
  const conflicts: MergeableField[] = [];
  for (const field of SCALAR_FIELDS) {
    const iChanged = mine[field] !== base[field];
    const theyChanged = theirs[field] !== base[field];
    if (!iChanged) (merged as DraftFields)[field] = theirs[field] as never;
    else if (theyChanged && mine[field] !== theirs[field]) conflicts.push(field);
  }
  if (mine.rebuttalHtml === base.rebuttalHtml) merged.rebuttalHtml = theirs.rebuttalHtml;
  const evidence = mergeEvidence(base.evidence, mine.evidence, theirs.evidence);
  merged.evidence = evidence.merged;
  if (evidence.conflict) conflicts.push('evidence');
  return { merged, conflicts };
}
