/**
 * Cases with their reports as CSV, streamed: cases opened in the range in the viewer's scope
 * (region and everything within it, like the summary) are read from a cursor, each case's reports
 * by its `caseId` (an equality the local engine serves from its index), and written row by row
 * with backpressure, never held whole in memory. The number of cases comes first, in a header,
 * so a client shows progress as rows arrive.
 */
import { Readable } from 'node:stream';
import type { Types } from 'mongoose';
import { stringify } from 'csv-stringify';
import { COUNTRY_REGION, INSIGHTS_DEFAULT_DAYS, type InsightsQuery, type SessionUser } from '@refute/shared';
import { CaseModel } from '../cases/model';
import { caseClaims } from '../claims/repository';
import { allRegions, isWithinRegion } from '../regions/regions';
import { dayOf } from './buckets';
import { insightScope } from './scope';

const DAY_MS = 86_400_000;

export const CASE_EXPORT_COLUMNS = [
  'caseId', 'caseTitle', 'status', 'lane', 'topic', 'caseRegion', 'openedAt', 'deadlineAt', 'reportCount',
  'reportId', 'platformId', 'externalId', 'reportedAt', 'reportRegion', 'language', 'reportUrl', 'reportText',
] as const;

interface ExportedCase {
  _id: Types.ObjectId;
  title: string;
  status: string;
  lane: string;
  topic: string;
  region: string | null;
  openedAt: Date;
  deadlineAt: Date;
  reportCount: number;
}

/** A leading =, +, - or @ would be read as a formula by spreadsheets (the dashboard's CSV does the same). */
const safeCell = (value: string | number | Date | Types.ObjectId | null | undefined): string => {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? value.toHexString() : String(value);
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
};

export async function caseExport(viewer: SessionUser, query: InsightsQuery, now = new Date()): Promise<{ cases: number; csv: Readable }> {
  const scope = await insightScope(viewer, query.org);
  const to = query.to ?? dayOf(now);
  const from = query.from ?? dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - (INSIGHTS_DEFAULT_DAYS - 1) * DAY_MS));
  const filter = {
    openedAt: { $gte: new Date(`${from}T00:00:00Z`), $lt: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS) },
    mergedInto: null,
    ...(query.topic ? { topic: query.topic } : {}),
    // The regions within the scope, named: the count and the cursor select the same cases.
    ...(scope.region === COUNTRY_REGION ? {} : { region: { $in: allRegions().filter((region) => isWithinRegion(region.code, scope.region)).map((region) => region.code) } }),
  };
  const cases = await CaseModel.countDocuments(filter);
  const fields = { title: 1, status: 1, lane: 1, topic: 1, region: 1, openedAt: 1, deadlineAt: 1, reportCount: 1 } as const;
  async function* rows() {
    const cursor = CaseModel.find(filter, fields).sort({ openedAt: 1, _id: 1 }).lean<ExportedCase>().cursor();
    try {
      for await (const one of cursor) {
        const reports = (await caseClaims(String(one._id), { orgId: 1, externalId: 1, reportedAt: 1, region: 1, language: 1, url: 1, text: 1 })).sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
        const caseCells = [one._id, one.title, one.status, one.lane, one.topic, one.region, one.openedAt, one.deadlineAt, one.reportCount];
        for (const report of reports) yield [...caseCells, report._id, report.orgId, report.externalId, report.reportedAt, report.region, report.language, report.url, report.text].map(safeCell);
      }
    } finally {
      await cursor.close();
    }
  }
  // A byte-order mark, so spreadsheet programs read Chinese as UTF-8.
  const csv = Readable.from(rows()).pipe(stringify({ header: true, columns: [...CASE_EXPORT_COLUMNS], bom: true, record_delimiter: 'windows' }));
  return { cases, csv };
}
