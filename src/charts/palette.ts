/**
 * Chart colours per theme, Okabe–Ito (distinguishable with the common colour-vision
 * deficiencies). The warm hues (yellow, orange, vermillion) mean event severity on the map
 * beside the charts, so charts keep to the cool ones; a stage of progress has the colour its
 * layer gives it on the map (planned purple, approved sky, building blue, done green).
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
  /** Stages of progress, first to done: the map's own colours for them. */
  ordinal: string[];
  /** One hue from light to strong, for a graded quantity (difficulty 1–5). */
  intensity: string[];
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
    series: [O.skyBlue, O.blue, O.bluishGreen, O.reddishPurple],
    ordinal: [O.reddishPurple, O.skyBlue, O.blue, O.bluishGreen],
    intensity: ['#E8C6DA', '#D9A3C2', '#CC79A7', '#A85A88', '#7F3F66'],
    text: '#e2f0ff',
    muted: '#9db5d0',
    axisLine: 'rgba(157, 181, 208, 0.45)',
    splitLine: 'rgba(157, 181, 208, 0.14)',
    tooltipBg: 'rgba(7, 13, 24, 0.94)',
    tooltipBorder: 'rgba(86, 180, 233, 0.6)',
    reference: '#E2F0FF',
  },
  light: {
    series: [O.blue, O.skyBlue, O.bluishGreen, O.reddishPurple],
    ordinal: [O.reddishPurple, O.skyBlue, O.blue, O.bluishGreen],
    intensity: ['#E8C6DA', '#D9A3C2', '#CC79A7', '#A85A88', '#7F3F66'],
    text: '#0f172a',
    muted: '#475569',
    axisLine: 'rgba(71, 85, 105, 0.5)',
    splitLine: 'rgba(71, 85, 105, 0.15)',
    tooltipBg: 'rgba(255, 255, 255, 0.97)',
    tooltipBorder: 'rgba(0, 114, 178, 0.6)',
    reference: '#0F172A',
  },
};

/** The palette of the theme the user chose (re-renders the chart when it changes). */
export function useChartPalette(): ChartPalette {
  return CHART_PALETTES[useUiStore((s) => s.theme)];
}
