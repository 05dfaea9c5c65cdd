/**
 * Chart colours per theme. Series colours are Okabe–Ito, chosen to stay distinguishable
 * for the common colour-vision deficiencies; the order puts the pairs that panels compare
 * most (sky blue vs orange) first. Black is left out: it vanishes on the dark wall, and
 * yellow is left out in light mode where it vanishes on white.
 */
import { hex } from '../../layers/kit/palette';
import type { Theme } from '../api/config';
import { useUiStore } from '../state/ui';

/** The map's Okabe–Ito hues (layers/kit/palette.ts) as the hex strings ECharts takes. */
export const OKABE_ITO = {
  orange: hex('orange'),
  skyBlue: hex('sky'),
  bluishGreen: hex('green'),
  yellow: hex('yellow'),
  blue: hex('blue'),
  vermillion: hex('vermillion'),
  reddishPurple: hex('purple'),
} as const;

export interface ChartPalette {
  series: string[];
  /** Ordered from mild to severe (difficulty, stage progress), still Okabe–Ito. */
  ordinal: string[];
  text: string;
  muted: string;
  axisLine: string;
  splitLine: string;
  tooltipBg: string;
  tooltipBorder: string;
  /** Reference lines: targets and thresholds. */
  reference: string;
}

const O = OKABE_ITO;

export const CHART_PALETTES: Record<Theme, ChartPalette> = {
  dark: {
    series: [O.skyBlue, O.orange, O.bluishGreen, O.yellow, O.reddishPurple, O.vermillion],
    ordinal: [O.skyBlue, O.bluishGreen, O.yellow, O.orange, O.vermillion],
    text: '#e2f0ff',
    muted: '#9db5d0',
    axisLine: 'rgba(157, 181, 208, 0.45)',
    splitLine: 'rgba(157, 181, 208, 0.14)',
    tooltipBg: 'rgba(7, 13, 24, 0.94)',
    tooltipBorder: 'rgba(86, 180, 233, 0.6)',
    reference: '#F0E442',
  },
  light: {
    series: [O.blue, O.orange, O.bluishGreen, O.vermillion, O.reddishPurple, O.skyBlue],
    ordinal: [O.skyBlue, O.bluishGreen, O.orange, O.vermillion, O.reddishPurple],
    text: '#0f172a',
    muted: '#475569',
    axisLine: 'rgba(71, 85, 105, 0.5)',
    splitLine: 'rgba(71, 85, 105, 0.15)',
    tooltipBg: 'rgba(255, 255, 255, 0.97)',
    tooltipBorder: 'rgba(0, 114, 178, 0.6)',
    reference: '#D55E00',
  },
};

/** The palette of the theme the user chose (re-renders the chart when it changes). */
export function useChartPalette(): ChartPalette {
  return CHART_PALETTES[useUiStore((s) => s.theme)];
}
