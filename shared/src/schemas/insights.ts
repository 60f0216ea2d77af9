import { z } from 'zod';
import { LANGUAGES, TOPICS, VERDICTS } from '../enums';
import { countSchema, daySchema, objectIdSchema, regionCodeSchema } from './common';

/** The longest range the dashboard reads at once: a year of daily rollups. */
export const INSIGHTS_MAX_DAYS = 366;
export const INSIGHTS_DEFAULT_DAYS = 30;

/** The Monday (UTC) of the week a day is in: the dashboard's weeks and the rollups' week documents. */
export function mondayOf(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  const back = (at.getUTCDay() + 6) % 7;
  return new Date(at.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `GET /api/v1/insights/summary?from=&to=&org=&topic=`: UTC days, both included; the last
 * thirty days by default. `org` is the viewer's organisation or one below it.
 */
export const insightsQuerySchema = z
  .strictObject({
    from: daySchema.optional(),
    to: daySchema.optional(),
    org: objectIdSchema.optional(),
    topic: z.enum(TOPICS).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'from must not be after to', path: ['from'] })
  .refine(
    (query) => !query.from || !query.to || (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 < INSIGHTS_MAX_DAYS,
    { message: `a range spans at most ${INSIGHTS_MAX_DAYS} days`, path: ['to'] },
  );
export type InsightsQuery = z.infer<typeof insightsQuerySchema>;

const countsSchema = z.record(z.string(), countSchema);
const laneRecord = <T extends z.ZodType>(value: T) => z.strictObject({ normal: value, hot: value, emergency: value });

/** A distribution of durations in seconds (from log-bucket histograms: each bound within 12%). */
export const durationSummarySchema = z.strictObject({
  count: countSchema,
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

/** One day of the range (UTC), with the counts the charts draw over time. */
export const insightsDaySchema = z.strictObject({
  day: z.string(),
  reports: countSchema,
  opened: countSchema,
  published: countSchema,
  /** Reports per lane and per topic of the day (series over time by either). */
  reportsByLane: countsSchema,
  reportsByTopic: countsSchema,
  deadlines: laneRecord(z.strictObject({ met: countSchema, missed: countSchema })),
});

/** A published rumor in a ranking (辟谣榜): its reports in the range, its verdict and public page. */
export const rankingEntrySchema = z.strictObject({ caseId: z.string(), headline: z.string(), reports: countSchema, verdict: z.enum(VERDICTS), topic: z.enum(TOPICS), url: z.string() });

export const insightsSummarySchema = z.strictObject({
  scope: z.strictObject({
    orgId: z.string(),
    /** The region the organisation answers for: `CN` or a GB/T 2260 code. */
    region: z.string(),
    from: z.string(),
    to: z.string(),
    topic: z.enum(TOPICS).nullable(),
  }),
  reports: z.strictObject({
    total: countSchema,
    byTopic: countsSchema,
    byLane: countsSchema,
    /** Per GB/T 2260 code (provinces, prefectures and counties alike; `none` for reports without one). */
    byRegion: countsSchema,
    byPlatform: countsSchema,
    byLanguage: countsSchema,
    /** Reports per UTC hour of the range (`YYYY-MM-DDTHH`), for the hourly chart. */
    byHour: countsSchema,
  }),
  cases: z.strictObject({
    opened: countSchema,
    published: countSchema,
    byVerdict: countsSchema,
    openedByTopic: countsSchema,
    openedByLane: countsSchema,
    openedByRegion: countsSchema,
    publishedByTopic: z.record(z.string(), countsSchema),
  }),
  response: z.strictObject({
    firstExpert: laneRecord(durationSummarySchema),
    submitted: laneRecord(durationSummarySchema),
    published: laneRecord(durationSummarySchema),
  }),
  /** Shares of first publications out by their deadline (null: none in the range). */
  deadlinesMet: laneRecord(z.number().nullable()),
  deadlinesByOrg: z.array(z.strictObject({ orgId: z.string(), met: countSchema, missed: countSchema })),
  days: z.array(insightsDaySchema),
  hotspots: z.array(
    z.strictObject({ id: z.string(), subjectKind: z.enum(['case', 'topic']), caseId: z.string().nullable(), topic: z.enum(TOPICS).nullable(), count: countSchema, detectedAt: z.string() }),
  ),
  ranking: z.array(rankingEntrySchema),
  /** Now, not over the range: active cases per assignee and per organisation, and by region. */
  workload: z.strictObject({
    /** Per expert: cases being worked on (in review or returned) and submitted to a lead. */
    /** `capacity`: the cases the expert's profile says they can carry at once (null: no profile). */
    experts: z.array(z.strictObject({ userId: z.string(), name: z.string(), orgId: z.string(), working: countSchema, submitted: countSchema, capacity: countSchema.nullable() })),
    /** `capacity`: the sum of its listed experts' capacities. */
    organisations: z.array(z.strictObject({ orgId: z.string(), experts: countSchema, working: countSchema, submitted: countSchema, capacity: countSchema })),
    unassigned: countSchema,
    openByRegion: countsSchema,
  }),
  /** Names of the organisations and platforms the figures mention. */
  names: z.record(z.string(), z.strictObject({ zh: z.string(), en: z.string() })),
});
export type InsightsSummary = z.infer<typeof insightsSummarySchema>;
export type DurationSummary = z.infer<typeof durationSummarySchema>;
export type InsightsDay = z.infer<typeof insightsDaySchema>;

/** `GET /api/v1/insights/ranking?month=&org=`: a month's ranking (UTC), the current month by default. */
export const insightsRankingQuerySchema = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM').optional(),
  org: objectIdSchema.optional(),
});
export type InsightsRankingQuery = z.infer<typeof insightsRankingQuerySchema>;

export const insightsRankingSchema = z.strictObject({
  month: z.string(),
  scope: z.strictObject({ orgId: z.string(), region: z.string() }),
  /** The ten most reported, and the five most reported of each topic. */
  overall: z.array(rankingEntrySchema),
  byTopic: z.record(z.string(), z.array(rankingEntrySchema)),
  names: z.record(z.string(), z.strictObject({ zh: z.string(), en: z.string() })),
});
export type InsightsRanking = z.infer<typeof insightsRankingSchema>;

/**
 * `GET /ranking.atom` and `GET /ranking.json`: the monthly rankings (辟谣榜) as feeds, public like
 * the verdicts they list; one entry per month, of the whole country or of one region (and all
 * within it), overall or of one topic, written in `lang` (Chinese by default).
 */
export const rankingFeedQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  topic: z.enum(TOPICS).optional(),
  lang: z.enum(LANGUAGES).optional(),
});
export type RankingFeedQuery = z.infer<typeof rankingFeedQuerySchema>;

/**
 * `GET /api/v1/insights/report?month=&org=&lang=` (a printable page) and `GET
 * /api/v1/insights/report.pdf` (the same as PDF): an organisation's monthly report, the current
 * month (so far) by default, in Chinese unless `lang=en`.
 */
export const insightsReportQuerySchema = z.strictObject({
  month: insightsRankingQuerySchema.shape.month,
  org: objectIdSchema.optional(),
  lang: z.enum(LANGUAGES).optional(),
});
export type InsightsReportQuery = z.infer<typeof insightsReportQuerySchema>;
