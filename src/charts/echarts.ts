/**
 * ECharts, imported per chart type: only bars and lines with the grid, tooltip, legend
 * and mark-line components and the canvas renderer go into the bundle, not the whole
 * library. Add a chart type here (one `use` entry) before a panel uses it.
 *
 * The canvas renderer, not SVG, also on the wall: a canvas can lose its pixels to the GPU
 * (Chrome's `contextlost`), which Chart.tsx answers by drawing the chart again, and the
 * watchdog checks; SVG would have no context to lose, but would put every bar, label and
 * tick of the ten KPI charts in the DOM and animate them attribute by attribute on the
 * main thread at every refresh, which on a two-core software-rendered wall PC competes with
 * the map and the feed, and it is not measured against the benchmarks.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption, EChartsType } from 'echarts/core';
