import type { FeedQuery, PublicationView } from '@refute/shared';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { presentPublication } from '../publications/presenter';
import { feedPage } from '../publications/repository';

/** A publication as a feed document lists it: the case's entry, at this version. */
export interface FeedEntry extends PublicationView {
  /** When the case's first version was published: a correction updates an older entry. */
  firstPublishedAt: string;
}

export interface FeedEntries {
  entries: FeedEntry[];
  nextCursor: string | null;
}

/** Publications never change, so the date of a case's first version is read once. */
const firstPublished = new Map<string, Date>();
const MAX_REMEMBERED = 10_000;

async function firstPublishedAt(record: PublicationRecord): Promise<Date> {
  if (record.version === 1) return record.publishedAt;
  const caseId = String(record.caseId);
  const known = firstPublished.get(caseId);
  if (known) return known;
  const first = await PublicationModel.findOne({ caseId: record.caseId, version: 1 }, { publishedAt: 1 }).lean<Pick<PublicationRecord, 'publishedAt'>>();
  const at = first?.publishedAt ?? record.publishedAt;
  if (firstPublished.size >= MAX_REMEMBERED) firstPublished.clear();
  firstPublished.set(caseId, at);
  return at;
}

/**
 * One page of the feed as entries of a feed document. A document names each case once, at the
 * newest version on the page: an Atom or JSON Feed reader replaces an entry whose id it knows.
 */
export async function feedEntries(query: FeedQuery, baseUrl: string): Promise<FeedEntries> {
  const page = await feedPage(query);
  const newest = new Map<string, PublicationRecord>();
  for (const record of page.items) {
    const caseId = String(record.caseId);
    const seen = newest.get(caseId);
    if (!seen || seen.version < record.version) newest.set(caseId, record);
  }
  const records = page.items.filter((record) => newest.get(String(record.caseId)) === record);
  const entries = await Promise.all(
    records.map(async (record) => ({ ...presentPublication(record, baseUrl), firstPublishedAt: (await firstPublishedAt(record)).toISOString() })),
  );
  return { entries, nextCursor: page.nextCursor };
}
