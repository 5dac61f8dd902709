export { type BenefitEntry, benefitsChart } from './benefits.js';
export { type ChartOptions, truncateLabel } from './common.js';
export { type FanInput, cumulativeFanChart, fanChart } from './cumulative-fan.js';
export { type ChartElement, type Document, serverDocument } from './dom.js';
export { type GanttInput, ganttChart } from './gantt.js';
export { type PaybackInput, type PaybackPoint, paybackCurveChart, paybackPoints } from './payback-curve.js';
export { type PortfolioCashflow, portfolioFanChart } from './portfolio-fan.js';
export { DEFAULT_FONT_FAMILY, DEFAULT_HEIGHT, DEFAULT_WIDTH, FONT_SIZE, PALETTE, TITLE_FONT_SIZE } from './style.js';
export { TORNADO_TOP, type TornadoEntry, type TornadoOptions, tornadoChart } from './tornado.js';
