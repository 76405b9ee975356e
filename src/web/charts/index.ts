export { BarChart, type BarChartProps, type BarRow } from './bar-chart';
export { LineChart, type LineChartProps, type LineSeries } from './line-chart';
export { Funnel, type FunnelProps, type FunnelStep } from './funnel';
export { formatNumber, formatPercent, niceMax, ticks, truncate } from './format';
