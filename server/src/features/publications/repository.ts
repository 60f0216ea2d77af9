import type { Types } from 'mongoose';
import type { FeedQuery } from '@refute/shared';
import { badRequest } from '../../http/errors';
import { fieldMigration } from '../../jobs/fieldMigration';
import { searchPattern } from '../../text/searchPattern';
import { firstCaseReport } from '../claims/repository';
import { publicationRegion } from './publish';
import { oldestPublishedMonthKnown, PublicationModel, publishedDayOf, publishedMonthOf, rememberOldestPublishedMonth, type PublicationRecord } from './model';

export async function findPublication(id: Types.ObjectId | string): Promise<PublicationRecord | null> {
  return PublicationModel.findById(id).lean<PublicationRecord>();
}

/**
 * A publication and its case's retraction, if the verdict was retracted: the publication itself
 * when it is the retraction, else read from the case's versions (one equality on caseId).
 */
export async function findPublicationWithRetraction(id: string): Promise<{ publication: PublicationRecord; retraction: PublicationRecord | null } | null> {
  const publication = await findPublication(id);
  if (!publication) return null;
  if (publication.retraction) return { publication, retraction: publication };
  const versions = await PublicationModel.find({ caseId: publication.caseId }, { retraction: 1, publishedAt: 1 }).lean<PublicationRecord[]>();
  return { publication, retraction: versions.find((version) => version.retraction) ?? null };
}

export async function findPublicationBySlug(slug: string): Promise<PublicationRecord | null> {
  return PublicationModel.findOne({ slug }).lean<PublicationRecord>();
}

/** Feed cursors point at the last item seen: (publishedAt, _id), newest first. */
interface FeedCursor {
  publishedAt: Date;
  id: string;
}

export function encodeFeedCursor(record: Pick<PublicationRecord, 'publishedAt' | '_id'>): string {
  return Buffer.from(`${record.publishedAt.getTime()}:${String(record._id)}`).toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedCursor {
  const match = /^(\d{1,15}):([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('invalid_cursor', 'The cursor is not one this feed issued');
  return { publishedAt: new Date(Number(match[1])), id: match[2]! };
}

/** Gives publications written before it the bucket `field` of their publication time. */
const bucketMigration = (marker: string, field: 'publishedMonth' | 'publishedDay', bucketOf: (at: Date) => string) =>
  fieldMigration({
    marker,
    collection: () => PublicationModel.collection,
    field,
    reads: { publishedAt: 1 },
    valueOf: (publication) => (publication.publishedAt instanceof Date ? bucketOf(publication.publishedAt) : null),
  });
const publishedMonths = bucketMigration('publications-published-month', 'publishedMonth', publishedMonthOf);
const publishedDays = bucketMigration('publications-published-day', 'publishedDay', publishedDayOf);
/** Publications written before the feed read them by month and by day get those fields. */
export const startPublishedBucketsBackfill = () => {
  publishedMonths.start();
  publishedDays.start();
};
export const backfillPublishedMonths = () => publishedMonths.step();
export const recheckPublishedMonths = () => publishedMonths.recheck();
export const backfillPublishedDays = () => publishedDays.step();
export const recheckPublishedDays = () => publishedDays.recheck();

/** Publications written before they carried a region take their first report's. */
const regions = fieldMigration({
  marker: 'publications-region',
  collection: () => PublicationModel.collection,
  field: 'region',
  reads: { caseId: 1 },
  valueOf: async (publication) => publicationRegion((await firstCaseReport(publication.caseId as Types.ObjectId))?.region),
});
export const startRegionBackfill = () => regions.start();
export const backfillRegions = () => regions.step();
export const recheckRegions = () => regions.recheck();

/**
 * The month of the oldest publication, read once per process (it reads them all); publications
 * written afterwards move it through the model (`noteMonth`).
 */
async function oldestPublishedMonth(): Promise<string | null> {
  const known = oldestPublishedMonthKnown();
  if (known !== undefined) return known;
  const oldest = await PublicationModel.findOne({}, { publishedAt: 1 }).sort({ publishedAt: 1 }).lean<PublicationRecord>();
  // An empty feed is asked again next time: the first publication may come at any moment.
  if (oldest) rememberOldestPublishedMonth(publishedMonthOf(oldest.publishedAt));
  return oldestPublishedMonthKnown() ?? null;
}

/**
 * Reads the oldest publication's month ahead of the first feed request: on the local engine that
 * read sorts every publication (seconds at tens of thousands), once per process.
 */
export async function prepareFeed(): Promise<void> {
  await oldestPublishedMonth();
}

function previousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

const newestFirst = (a: PublicationRecord, b: PublicationRecord) =>
  b.publishedAt.getTime() - a.publishedAt.getTime() || String(b._id).localeCompare(String(a._id));

/**
 * One page of the feed. Keyset pagination on (publishedAt, _id) keeps the order stable: items
 * published while a client pages appear before its cursor, so none is skipped or repeated. The
 * page is read bucket by bucket, newest first: day by day without filters, month by month with them.
 */
export async function feedPage(query: FeedQuery): Promise<{ items: PublicationRecord[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeFeedCursor(query.cursor) : null;
  const since = query.since ? new Date(query.since) : null;
  // A feed without filters holds every publication, a month of them thousands: it is read by day.
  const unfiltered = Object.keys(filtersOf(query)).length === 0;
  const rows =
    unfiltered && (await publishedDays.complete())
      ? await readByBuckets(DAYS, query, cursor, since)
      : (await publishedMonths.complete())
        ? await readByBuckets(MONTHS, query, cursor, since)
        : await readByScan(query, cursor, since);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeFeedCursor(last) : null };
}

/**
 * The query's filters: top-level equalities, which the local engine serves from an index, and
 * the search words, matched within what those equalities (and the month) select.
 */
function filtersOf(query: FeedQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.topic) filter.topic = query.topic;
  if (query.verdict) filter.verdict = query.verdict;
  if (query.lang) filter.language = query.lang;
  if (query.region) filter.region = query.region;
  if (query.q) {
    const words = searchPattern(query.q);
    filter.$or = [{ headline: words }, { summary: words }, { claimText: words }];
  }
  return filter;
}

const beforeCursor = (cursor: FeedCursor | null) => (row: PublicationRecord) =>
  !cursor || row.publishedAt < cursor.publishedAt || (row.publishedAt.getTime() === cursor.publishedAt.getTime() && String(row._id) < cursor.id);

function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return publishedDayOf(date);
}

/** How the feed walks back through publications: a field holding each one's bucket, newest bucket first. */
interface Buckets {
  field: 'publishedMonth' | 'publishedDay';
  of: (at: Date) => string;
  previous: (bucket: string) => string;
  /** The first bucket of the oldest publication's month. */
  firstOf: (oldestMonth: string) => string;
}

const MONTHS: Buckets = { field: 'publishedMonth', of: publishedMonthOf, previous: previousMonth, firstOf: (month) => month };
/** A page reads its day's publications, not its month's; a day without any costs one lookup served from an index. */
const DAYS: Buckets = { field: 'publishedDay', of: publishedDayOf, previous: previousDay, firstOf: (month) => `${month}-01` };

/** Bucket by bucket, newest first, each bucket by equality on its field, until the page is full. */
async function readByBuckets(buckets: Buckets, query: FeedQuery, cursor: FeedCursor | null, since: Date | null): Promise<PublicationRecord[]> {
  const oldest = await oldestPublishedMonth();
  if (!oldest) return [];
  const first = buckets.firstOf(oldest);
  const floor = since && buckets.of(since) > first ? buckets.of(since) : first;
  const rows: PublicationRecord[] = [];
  for (let bucket = buckets.of(cursor?.publishedAt ?? new Date()); bucket >= floor && rows.length <= query.limit; bucket = buckets.previous(bucket)) {
    const inBucket = await PublicationModel.find({ ...filtersOf(query), [buckets.field]: bucket }).lean<PublicationRecord[]>();
    rows.push(...inBucket.filter(beforeCursor(cursor)).filter((row) => !since || row.publishedAt >= since).sort(newestFirst));
  }
  return rows.slice(0, query.limit + 1);
}

/** Before every publication has `publishedMonth`: one query over all of them. */
async function readByScan(query: FeedQuery, cursor: FeedCursor | null, since: Date | null): Promise<PublicationRecord[]> {
  const filter = filtersOf(query);
  const conditions: Record<string, unknown>[] = [];
  if (since) conditions.push({ publishedAt: { $gte: since } });
  if (cursor) {
    conditions.push({
      $or: [
        { publishedAt: { $lt: cursor.publishedAt } },
        { publishedAt: cursor.publishedAt, _id: { $lt: cursor.id } },
      ],
    });
  }
  if (conditions.length > 0) filter.$and = conditions;
  return PublicationModel.find(filter)
    .sort({ publishedAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<PublicationRecord[]>();
}
