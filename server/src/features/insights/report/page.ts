/**
 * The monthly report as one self-contained HTML page: key figures, charts (SVG), response times,
 * deadlines, regions and the ranking; styled for A4 print, and printed to PDF as it is.
 */
import escapeHtml from 'escape-html';
import { COUNTRY_REGION, LANES, type Language, type Topic, type Verdict } from '@refute/shared';
import { findRegion, regionName } from '../../regions/regions';
import { barChart, dailyChart } from './charts';
import type { MonthlyReport } from './data';
import { reportTexts, type ReportTexts } from './texts';

const STYLE = `
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; color: #1f2937; margin: 0 auto; max-width: 760px; padding: 16px; font-size: 13px; line-height: 1.5; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 0 0 8px; border-bottom: 1px solid #d1d5db; padding-bottom: 4px; }
.muted { color: #6b7280; } section { margin: 18px 0; break-inside: avoid; }
.figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 8px; }
.figure { border: 1px solid #d1d5db; border-radius: 6px; padding: 8px; } .figure b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; } td.n, th.n { text-align: right; } td:first-child, th:first-child { white-space: nowrap; }
svg { max-width: 100%; height: auto; }
`;

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
const count = (value: number, language: Language) => value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en');
const nameOf = (names: MonthlyReport['summary']['names'], id: string, language: Language) => names[id]?.[language] ?? id;

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  const cell = (tag: 'th' | 'td', value: string, i: number) => `<${tag}${numeric.includes(i) ? ' class="n"' : ''}>${value}</${tag}>`;
  return `<table><thead><tr>${headers.map((header, i) => cell('th', escapeHtml(header), i)).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((value, i) => cell('td', value, i)).join('')}</tr>`).join('')}</tbody></table>`;
}

const section = (title: string, body: string, testId: string) => `<section data-section="${testId}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

function keyFigures(report: MonthlyReport, texts: ReportTexts, language: Language): string {
  const { summary } = report;
  const deadlines = summary.days.flatMap((day) => LANES.map((lane) => day.deadlines[lane]));
  const met = deadlines.reduce((sum, one) => sum + one.met, 0);
  const missed = deadlines.reduce((sum, one) => sum + one.missed, 0);
  const figures: Array<[string, string, string]> = [
    ['reports', texts.reports, count(summary.reports.total, language)],
    ['opened', texts.opened, count(summary.cases.opened, language)],
    ['published', texts.published, count(summary.cases.published, language)],
    ['deadlines', texts.deadlinesMet, percent(met + missed === 0 ? null : met / (met + missed))],
    ['hotspots', texts.hotspots, count(summary.hotspots.length, language)],
  ];
  return `<div class="figures">${figures.map(([key, label, value]) => `<div class="figure" data-figure="${key}"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`).join('')}</div>`;
}

function charts(report: MonthlyReport, texts: ReportTexts): string {
  const { summary } = report;
  const days = summary.days.map((day) => day.day);
  const daily = dailyChart(days, [
    { name: texts.reports, kind: 'reports', values: summary.days.map((day) => day.reports) },
    { name: texts.opened, kind: 'opened', values: summary.days.map((day) => day.opened) },
    { name: texts.published, kind: 'published', values: summary.days.map((day) => day.published) },
  ]);
  const ranked = <K extends string>(counts: Record<string, number>, label: (key: K) => string) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([key, value]): [string, number] => [label(key as K), value]);
  const topics = ranked<Topic>(summary.reports.byTopic, (topic) => texts.topic[topic] ?? topic);
  const verdicts = ranked<Verdict>(summary.cases.byVerdict, (verdict) => texts.verdict[verdict] ?? verdict);
  return [
    section(texts.daily, daily, 'daily'),
    section(texts.byTopic, topics.length ? barChart(topics, texts.reports) : `<p class="muted">${escapeHtml(texts.none)}</p>`, 'topics'),
    section(texts.byVerdict, verdicts.length ? barChart(verdicts, texts.published) : `<p class="muted">${escapeHtml(texts.none)}</p>`, 'verdicts'),
  ].join('');
}

function responseTable(report: MonthlyReport, texts: ReportTexts): string {
  const { response, deadlinesMet } = report.summary;
  const duration = (value: number | null) => (value === null ? '–' : escapeHtml(texts.duration(value)));
  const rows = LANES.map((lane) => [
    escapeHtml(texts.lane[lane]),
    ...[response.firstExpert[lane], response.submitted[lane], response.published[lane]].flatMap((step) => [duration(step.median), duration(step.p90)]),
    percent(deadlinesMet[lane]),
  ]);
  const steps = [texts.firstExpert, texts.submitted, texts.publishedStep].flatMap((step) => [`${step} · ${texts.median}`, `${step} · ${texts.p90}`]);
  return section(texts.response, table([texts.laneColumn, ...steps, texts.deadlinesMet], rows, [1, 2, 3, 4, 5, 6, 7]), 'response');
}

function organisationsTable(report: MonthlyReport, texts: ReportTexts, language: Language): string {
  const rows = report.summary.deadlinesByOrg.map((row) => [
    escapeHtml(nameOf(report.summary.names, row.orgId, language)),
    count(row.met, language),
    count(row.missed, language),
    percent(row.met + row.missed === 0 ? null : row.met / (row.met + row.missed)),
  ]);
  return section(texts.deadlinesByOrg, rows.length ? table([texts.org, texts.met, texts.missed, texts.deadlinesMet], rows, [1, 2, 3]) : `<p class="muted">${escapeHtml(texts.none)}</p>`, 'organisations');
}

/** The regions one level below the scope (provinces for the country), most reports first. */
function regionsTable(report: MonthlyReport, texts: ReportTexts, language: Language): string {
  const scope = report.summary.scope.region;
  const below = (code: string) => {
    const region = findRegion(code);
    return scope === COUNTRY_REGION ? region?.level === 'province' : region?.parent === scope;
  };
  const rows = Object.entries(report.summary.reports.byRegion)
    .filter(([code]) => code === 'none' || below(code))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([code, value]) => [escapeHtml(code === 'none' ? texts.noRegion : (regionName(code)?.[language] ?? code)), count(value, language)]);
  return section(texts.regions, rows.length ? table([texts.region, texts.reports], rows, [1]) : `<p class="muted">${escapeHtml(texts.none)}</p>`, 'regions');
}

function rankingTable(report: MonthlyReport, texts: ReportTexts, language: Language): string {
  const rows = report.ranking.overall.map((entry, i) => [
    String(i + 1),
    `<a href="${escapeHtml(entry.url)}">${escapeHtml(entry.headline)}</a>`,
    escapeHtml(texts.verdict[entry.verdict]),
    escapeHtml(texts.topic[entry.topic]),
    count(entry.reports, language),
  ]);
  return section(texts.ranking, rows.length ? table([texts.rank, texts.headline, texts.verdictColumn, texts.topicColumn, texts.reports], rows, [0, 4]) : `<p class="muted">${escapeHtml(texts.none)}</p>`, 'ranking');
}

export function renderReportPage(report: MonthlyReport, language: Language): string {
  const texts = reportTexts(language);
  const org = nameOf(report.summary.names, report.summary.scope.orgId, language);
  const generated = report.generatedAt.toISOString().slice(0, 16).replace('T', ' ');
  return `<!doctype html>
<html lang="${language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${texts.title} · ${texts.scope(org, report.month)}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(texts.title)}</h1>
<p class="muted">${escapeHtml(texts.scope(org, report.month))} · ${escapeHtml(texts.generated(`${generated} UTC`))}</p>
${report.complete ? '' : `<p class="muted">${escapeHtml(texts.soFar(report.lastDay))}</p>`}
</header>
${section(texts.keyFigures, keyFigures(report, texts, language), 'figures')}
${charts(report, texts)}
${responseTable(report, texts)}
${organisationsTable(report, texts, language)}
${regionsTable(report, texts, language)}
${rankingTable(report, texts, language)}
</body>
</html>`;
}
