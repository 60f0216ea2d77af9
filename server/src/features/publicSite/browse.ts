/**
 * Browsing everything published: each case once (its newest version; none for a retracted case), filtered by topic and
 * verdict, newest or most reported first, a page at a time.
 */
import type { PublicBrowseSort, Topic, Verdict } from '@refute/shared';
import { onPublicationsChanged } from '../publications/changes';
import { CaseModel } from '../cases/model';
import { PublicationModel, type PublicationRecord } from '../publications/model';

export const BROWSE_PAGE_SIZE = 20;

export interface BrowseQuery {
  topic?: Topic | undefined;
  verdict?: Verdict | undefined;
  sort: PublicBrowseSort;
  page: number;
}

export type BrowseItem = Pick<PublicationRecord, '_id' | 'caseId' | 'slug' | 'verdict' | 'headline' | 'summary' | 'topic' | 'language' | 'publishedAt' | 'version'> & {
  reportCount: number;
};

export interface BrowsePage {
  items: BrowseItem[];
  hasNext: boolean;
}

const LISTED_FIELDS = { caseId: 1, slug: 1, verdict: 1, headline: 1, summary: 1, topic: 1, language: 1, publishedAt: 1, version: 1, retraction: 1 } as const;

/**
 * Every published case's newest version with its report count, read at most every few seconds:
 * the listing is the same for every reader, and reading it is a scan of the publications.
 */
const KEPT_FOR_MS = 10_000;
let kept: { items: BrowseItem[]; until: number } | null = null;
// A new version (a retraction takes the case off the list) shows at once, whichever process published it.
onPublicationsChanged(() => {
  kept = null;
});

async function newestVersions(): Promise<BrowseItem[]> {
  if (kept && kept.until > Date.now()) return kept.items;
  const rows = await PublicationModel.find({}, LISTED_FIELDS).lean<PublicationRecord[]>();
  const newestOfCase = new Map<string, PublicationRecord>();
  for (const row of rows) {
    const known = newestOfCase.get(String(row.caseId));
    if (!known || known.version < row.version) newestOfCase.set(String(row.caseId), row);
  }
  // A retracted case (its newest version is the retraction) has no verdict to list.
  const latest = [...newestOfCase.values()].filter((row) => !row.retraction);
  const counts = await reportCounts(latest.map((row) => row.caseId));
  const items = latest.map((row) => ({ ...row, reportCount: counts.get(String(row.caseId)) ?? 0 }));
  kept = { items, until: Date.now() + KEPT_FOR_MS };
  return items;
}

const newestFirst = (a: BrowseItem, b: BrowseItem) => b.publishedAt.getTime() - a.publishedAt.getTime() || String(b._id).localeCompare(String(a._id));

export async function browsePublished(query: BrowseQuery): Promise<BrowsePage> {
  // A correction may change the verdict or topic: a case is listed under its newest version's only.
  const items = (await newestVersions()).filter((item) => (!query.topic || item.topic === query.topic) && (!query.verdict || item.verdict === query.verdict));
  items.sort(query.sort === 'reported' ? (a, b) => b.reportCount - a.reportCount || newestFirst(a, b) : newestFirst);
  const start = (query.page - 1) * BROWSE_PAGE_SIZE;
  return { items: items.slice(start, start + BROWSE_PAGE_SIZE), hasNext: items.length > start + BROWSE_PAGE_SIZE };
}

async function reportCounts(caseIds: PublicationRecord['caseId'][]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const cases = await CaseModel.find({ _id: { $in: caseIds } }, { reportCount: 1 }).lean<Array<{ _id: unknown; reportCount?: number }>>();
  return new Map(cases.map((record) => [String(record._id), record.reportCount ?? 0]));
}
