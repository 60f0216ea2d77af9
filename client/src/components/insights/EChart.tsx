/**
 * One ECharts chart. Only the chart types and components the dashboard uses are registered
 * (echarts/core), and this module is reached only from the insights page, so the charting
 * code stays in that page's chunk. SVG rendering keeps charts sharp in print.
 */
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a click on a bar, a slice or a point names: its category (or slice) and series. */
export interface ChartClick {
  name: string;
  seriesName?: string | undefined;
  dataIndex: number;
}

export function EChart({ option, label, testId, height = 280, onClick }: { option: ChartOption; label: string; testId: string; height?: number; onClick?: (click: ChartClick) => void }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onClick);
  useEffect(() => {
    clickHandler.current = onClick;
  });

  useEffect(() => {
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => clickHandler.current?.({ name: String(params.name), seriesName: params.seriesName, dataIndex: params.dataIndex }));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current!);
    // Printing lays the page out anew: the chart follows its container's print width.
    const beforePrint = () => instance.resize();
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      window.removeEventListener('beforeprint', beforePrint);
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={element} className={onClick ? 'insight-chart clickable' : 'insight-chart'} style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
