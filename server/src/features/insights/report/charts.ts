/**
 * The monthly report's charts, drawn on the server with ECharts' server-side SVG renderer (the
 * library the dashboard draws with): plain SVG in the page, so it prints and becomes a PDF
 * without a script running.
 */
import type * as ECharts from 'echarts';
import { loadAtFirstUse } from '../../../loadAtFirstUse';

type ChartOption = Parameters<ECharts.ECharts['setOption']>[0];

/** ECharts on the first chart, not at start: a large bundle only the monthly report draws with. */
function echarts(): typeof ECharts {
  return loadAtFirstUse<typeof ECharts>('echarts');
}

const WIDTH = 680;
const COLORS = { reports: '#2f6fde', opened: '#7c3aed', published: '#059669' };
const grid = { left: 16, right: 24, top: 36, bottom: 16, containLabel: true };

function svgOf(option: ChartOption, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Reports, new cases and publications per day of the month. */
export function dailyChart(days: string[], series: { name: string; kind: keyof typeof COLORS; values: number[] }[]): string {
  return svgOf(
    {
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: days.map((day) => day.slice(8)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((one) => ({ name: one.name, type: one.kind === 'reports' ? 'bar' : 'line', data: one.values, itemStyle: { color: COLORS[one.kind] } })),
    },
    280,
  );
}

/** A horizontal bar per label, largest on top (topics, verdicts). */
export function barChart(rows: Array<[label: string, value: number]>, name: string): string {
  const shown = [...rows].reverse();
  return svgOf(
    {
      grid: { ...grid, top: 8 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: shown.map(([label]) => label) },
      series: [{ name, type: 'bar', data: shown.map(([, value]) => value), itemStyle: { color: COLORS.reports }, label: { show: true, position: 'right' } }],
    },
    Math.max(120, 28 * rows.length + 40),
  );
}
