// echarts 5's own entry points do not type-check under NodeNext (apache/echarts#19992: extensionless re-exports),
// so the modules we import are declared here from its one self-contained declaration file.
declare module 'echarts/lib/export/core.js' {
  export { init, use } from 'echarts/types/dist/echarts';
}
declare module 'echarts/lib/export/renderers.js' {
  import type { use } from 'echarts/types/dist/echarts';
  export const SVGRenderer: Parameters<typeof use>[0];
}
