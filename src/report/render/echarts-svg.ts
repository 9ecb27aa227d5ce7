import 'echarts/lib/chart/bar.js';
import 'echarts/lib/chart/boxplot.js';
import 'echarts/lib/chart/line.js';
import 'echarts/lib/component/grid.js';
import 'echarts/lib/component/legend.js';
import 'echarts/lib/component/markArea.js';
import 'echarts/lib/component/markLine.js';
import { init, use } from 'echarts/lib/export/core.js';
import { SVGRenderer } from 'echarts/lib/export/renderers.js';
import type { EChartsOption } from 'echarts/types/dist/echarts';

use(SVGRenderer);

export type ChartOption = EChartsOption;

export interface ChartSize {
  width: number;
  height: number;
}

/** Draws one chart server-side to an SVG string (no DOM, no animation) and frees it. */
export const renderSvg = (option: ChartOption, size: ChartSize): string => {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};
