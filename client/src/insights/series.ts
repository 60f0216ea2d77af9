/**
 * The dashboard's figures shaped for charts and tables: time buckets (hour, day, week), region
 * rows, CSV. Pure, so it is tested without a browser.
 */
import { mondayOf, type InsightsSummary } from '@refute/shared';

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface TimeSeries {
  /** Bucket labels: `YYYY-MM-DDTHH`, `YYYY-MM-DD`, or the week's Monday. */
  labels: string[];
  reports: number[];
  opened: number[];
  published: number[];
  /** Reports per lane (day and week only). */
  byLane: Record<string, number[]>;
}

/** The Monday (UTC) of a day's week. */
export const weekOf = mondayOf;

export function timeSeries(summary: InsightsSummary, granularity: Granularity): TimeSeries {
  if (granularity === 'hour') {
    const labels = summary.days.flatMap((day) => Array.from({ length: 24 }, (_, hour) => `${day.day}T${String(hour).padStart(2, '0')}`));
    return { labels, reports: labels.map((label) => summary.reports.byHour[label] ?? 0), opened: [], published: [], byLane: {} };
  }
  const keyOf = granularity === 'day' ? (day: string) => day : weekOf;
  const labels = [...new Set(summary.days.map((day) => keyOf(day.day)))];
  const index = new Map(labels.map((label, i) => [label, i]));
  const zeros = () => labels.map(() => 0);
  const series: TimeSeries = { labels, reports: zeros(), opened: zeros(), published: zeros(), byLane: { normal: zeros(), hot: zeros(), emergency: zeros() } };
  for (const day of summary.days) {
    const i = index.get(keyOf(day.day))!;
    series.reports[i]! += day.reports;
    series.opened[i]! += day.opened;
    series.published[i]! += day.published;
    for (const [lane, count] of Object.entries(day.reportsByLane)) (series.byLane[lane] ??= zeros())[i]! += count;
  }
  return series;
}

/** Shares of deadlines met per day (or week) and lane; null where nothing was published. */
export function deadlineTrend(summary: InsightsSummary, granularity: Exclude<Granularity, 'hour'>): { labels: string[]; byLane: Record<string, Array<number | null>> } {
  const keyOf = granularity === 'day' ? (day: string) => day : weekOf;
  const labels = [...new Set(summary.days.map((day) => keyOf(day.day)))];
  const byLane: Record<string, Array<number | null>> = {};
  for (const lane of ['normal', 'hot', 'emergency'] as const) {
    const met = new Map<string, number>();
    const all = new Map<string, number>();
    for (const day of summary.days) {
      const key = keyOf(day.day);
      met.set(key, (met.get(key) ?? 0) + day.deadlines[lane].met);
      all.set(key, (all.get(key) ?? 0) + day.deadlines[lane].met + day.deadlines[lane].missed);
    }
    byLane[lane] = labels.map((label) => (all.get(label) ? met.get(label)! / all.get(label)! : null));
  }
  return { labels, byLane };
}

export interface RegionRow {
  code: string;
  reports: number;
  openCases: number;
  opened: number;
}

/**
 * Regions of one level (provinces: codes ending in 0000; prefectures: ending in 00; counties)
 * ranked by reports, then open cases. `none` (reports naming no region) is left out.
 */
export function regionRows(summary: InsightsSummary, level: 'province' | 'prefecture'): RegionRow[] {
  const codes = new Set([...Object.keys(summary.reports.byRegion), ...Object.keys(summary.workload.openByRegion), ...Object.keys(summary.cases.openedByRegion)]);
  const fits = (code: string) => /^\d{6}$/.test(code) && (level === 'province' ? code.endsWith('0000') : code.endsWith('00') && !code.endsWith('0000'));
  return [...codes]
    .filter(fits)
    .map((code) => ({ code, reports: summary.reports.byRegion[code] ?? 0, openCases: summary.workload.openByRegion[code] ?? 0, opened: summary.cases.openedByRegion[code] ?? 0 }))
    .sort((a, b) => b.reports - a.reports || b.openCases - a.openCases || a.code.localeCompare(b.code));
}

/**
 * The days a period of the time chart covers, within the range: an hour's day, a day, or a
 * week's days (its Monday to its Sunday, cut to the range).
 */
export function periodDays(label: string, granularity: Granularity, range: { from: string; to: string }): { from: string; to: string } {
  if (granularity === 'hour') return { from: label.slice(0, 10), to: label.slice(0, 10) };
  if (granularity === 'day') return { from: label, to: label };
  const sunday = new Date(Date.parse(`${label}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  return { from: label < range.from ? range.from : label, to: sunday > range.to ? range.to : sunday };
}

/** Entries of a count map, largest first. */
export const ranked = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** RFC 4180 CSV, with a byte-order mark so spreadsheet programs read Chinese as UTF-8. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading =, +, - or @ would be read as a formula by spreadsheets.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
