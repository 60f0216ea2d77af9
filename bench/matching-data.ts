/**
 * The team's labelled matching data (fixtures/matching): groups of reports of one claim each,
 * hard negatives of a group (true posts on its subject, denials of its claim, other claims in its
 * words' frame), unrelated texts,
 * and a fixed split of the groups into a part the answer model is fitted on and a held-out part
 * it is measured on. A group's hard negatives follow it.
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
}

export interface HardNegative {
  group: string;
  kind: HardNegativeKind;
  text: string;
  language: string;
}

export interface LabelledData {
  groups: Array<LabelledGroup & { split: Split; set: LabelledSet }>;
  hardNegatives: Array<HardNegative & { split: Split; set: LabelledSet }>;
  unrelated: Array<{ text: string; language: string; split: Split }>;
}

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'matching', file), 'utf8')) as T;

/** One group in three is held out, chosen by a hash of its id so the split never moves. */
export function splitOf(id: string): Split {
  return createHash('sha256').update(id).digest()[0]! % 3 === 0 ? 'heldOut' : 'fit';
}

export function loadLabelledData(): LabelledData {
  const reports = read<{ groups: LabelledGroup[]; unrelated: Array<{ text: string; language: string }> }>('reports.json');
  const hardNegatives = read<HardNegative[]>('hard-negatives.json');
  const weibo = read<{ groups: LabelledGroup[]; hardNegatives: HardNegative[] }>('weibo-covid.json');
  const withSet = <T extends { id?: string; group?: string }>(items: T[], set: LabelledSet) =>
    items.map((item) => ({ ...item, split: splitOf(item.id ?? item.group ?? ''), set }));
  return {
    groups: [...withSet(reports.groups, 'general'), ...withSet(weibo.groups, 'weibo')],
    hardNegatives: [...withSet(hardNegatives, 'general'), ...withSet(weibo.hardNegatives, 'weibo')],
    unrelated: reports.unrelated.map((text, i) => ({ ...text, split: splitOf(`unrelated-${i}`) })),
  };
}
