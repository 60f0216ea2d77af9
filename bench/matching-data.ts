/**
 * The team's labelled matching data (fixtures/matching): groups of reports of one claim each,
 * hard negatives of a group (true posts on its subject, denials of its claim, other claims in its
 * words' frame), unrelated texts,
 * and a fixed split of the groups into a part the answer model is fitted on and a held-out part
 * it is measured on (the first of three folds, which the cross-validated answer bound goes
 * through in turn). A group's hard negatives follow it.
 *
 * `rewordings.json` and `reposts.json` add to existing groups: more reports of their claim
 * (appended, so each group's first reports stay what they were) and more hard negatives. Their
 * items follow their group's split and set like the rest.
 *
 * The files were written apart, so one claim can stand in two of them: such a group, or a hard
 * negative that states another group's claim, names that group in `sameClaimAs`, and the
 * measures count them as that claim (`claimOf`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../server/src/paths';

export type Split = 'fit' | 'heldOut';
/** A true post on the subject, a denial of the claim, or another claim in the same words' frame. */
export type HardNegativeKind = 'same_subject' | 'negation' | 'near_miss';

/** Where a group was written: the general hand-written set, or the COVID-era Weibo-style set. */
export type LabelledSet = 'general' | 'weibo';

export interface LabelledGroup {
  id: string;
  topic: string;
  claim: string;
  reports: Array<{ text: string; language: string }>;
  /** The claim as a case's reviewers would state it (one short neutral sentence), for some groups. */
  statement?: string;
  /** Another group of the same claim. */
  sameClaimAs?: string;
}

export interface HardNegative {
  group: string;
  kind: HardNegativeKind;
  text: string;
  language: string;
  /** The group whose claim the text states: a rewording of that group, not a negative. */
  sameClaimAs?: string;
}

/** Where an item falls: its group's fold (`foldOf`) and the split that fold is in. */
export interface Placed {
  split: Split;
  fold: number;
}

const placed = (id: string): Placed => ({ split: splitOf(id), fold: foldOf(id) });

export interface LabelledData {
  groups: Array<LabelledGroup & Placed & { set: LabelledSet }>;
  hardNegatives: Array<HardNegative & Placed & { set: LabelledSet }>;
  unrelated: Array<{ text: string; language: string } & Placed>;
  /** The claim a group stands for: its own id, or that of the group it repeats. */
  claimOf: (groupId: string) => string;
}

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'matching', file), 'utf8')) as T;

/** Files that add reports and hard negatives to existing groups, in the order their reports are appended. */
const ADDITIONS = ['rewordings.json', 'reposts.json'];

/** How many folds the groups fall into; the first is the held-out part. */
export const FOLDS = 3;

/** A group's fold, chosen by a hash of its id so that it never moves. */
export function foldOf(id: string): number {
  return createHash('sha256').update(id).digest()[0]! % FOLDS;
}

/** One group in three (the first fold) is held out. */
export function splitOf(id: string): Split {
  return foldOf(id) === 0 ? 'heldOut' : 'fit';
}

export function loadLabelledData(): LabelledData {
  const reports = read<{ groups: LabelledGroup[]; unrelated: Array<{ text: string; language: string }> }>('reports.json');
  const hardNegatives = read<HardNegative[]>('hard-negatives.json');
  const weibo = read<{ groups: LabelledGroup[]; hardNegatives: HardNegative[] }>('weibo-covid.json');
  const withSet = <T extends { id?: string; group?: string }>(items: T[], set: LabelledSet) =>
    items.map((item) => ({ ...item, ...placed(item.id ?? item.group ?? ''), set }));
  const additions = ADDITIONS.map((file) => ({ file, ...read<{ reports: Array<{ group: string; text: string; language: string }>; hardNegatives: HardNegative[] }>(file) }));
  const added = { reports: additions.flatMap((a) => a.reports), hardNegatives: additions.flatMap((a) => a.hardNegatives) };
  const groups = [...withSet(reports.groups, 'general'), ...withSet(weibo.groups, 'weibo')].map((group) => ({
    ...group,
    reports: [...group.reports, ...added.reports.filter((r) => r.group === group.id).map(({ text, language }) => ({ text, language }))],
  }));
  const setOf = new Map(groups.map((group) => [group.id, group.set]));
  for (const { file, reports: more, hardNegatives: negatives } of additions) {
    for (const item of [...more, ...negatives]) {
      if (!setOf.has(item.group)) throw new Error(`${file}: no group ${item.group}`);
    }
    for (const item of negatives) {
      if (item.sameClaimAs && !setOf.has(item.sameClaimAs)) throw new Error(`${file}: no group ${item.sameClaimAs}`);
    }
  }
  const repeated = new Map(groups.flatMap((group) => (group.sameClaimAs ? [[group.id, group.sameClaimAs] as const] : [])));
  for (const [id, original] of repeated) {
    if (!groups.some((group) => group.id === original) || repeated.has(original)) throw new Error(`${id}: sameClaimAs names no group of its own claim: ${original}`);
  }
  return {
    groups,
    hardNegatives: [
      ...withSet(hardNegatives, 'general'),
      ...withSet(weibo.hardNegatives, 'weibo'),
      ...added.hardNegatives.map((n) => ({ ...n, ...placed(n.group), set: setOf.get(n.group)! })),
    ],
    unrelated: reports.unrelated.map((text, i) => ({ ...text, ...placed(`unrelated-${i}`) })),
    claimOf: (groupId) => repeated.get(groupId) ?? groupId,
  };
}
