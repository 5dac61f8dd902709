import { IRR_CAVEAT_ABOVE, ROI_CAVEAT_ABOVE } from '../constants.js';
import { type Message, message, money, ratio } from '../messages.js';

/**
 * Caveats on figures beyond a sane range (DESIGN §4.5, issue 10 item 7): an
 * annual IRR above IRR_CAVEAT_ABOVE or an ROI above ROI_CAVEAT_ABOVE (at the
 * median) says more about the size of the investment than about the use case:
 * a small one-off investment against large benefits. The caveat quotes the
 * figure, the threshold and both sides of that comparison, so the reader sees
 * why; the figure itself stays in the Report.
 * @example caveats({ irrP50: 30.3, roiP50: 11, investment: 50e3, benefitsPv: 6e6 }).map((c) => c.code) // ['irr-extreme', 'roi-extreme']
 */
export function caveats(figures: { irrP50: number | null; roiP50: number | null; investment: number; benefitsPv: number }): Message[] {
  const out: Message[] = [];
  const why = { investment: money(figures.investment), benefits: money(figures.benefitsPv) };
  if (figures.irrP50 !== null && figures.irrP50 > IRR_CAVEAT_ABOVE) {
    out.push(message('irr-extreme', { irr: ratio(figures.irrP50), threshold: ratio(IRR_CAVEAT_ABOVE), ...why }));
  }
  if (figures.roiP50 !== null && figures.roiP50 > ROI_CAVEAT_ABOVE) {
    out.push(message('roi-extreme', { roi: ratio(figures.roiP50), threshold: ratio(ROI_CAVEAT_ABOVE), ...why }));
  }
  return out;
}
