/**
 * Numbers, units, times and labels of indicators for the reader's language. Everything
 * shown comes from the indicator; these only decide how it is written.
 */
import { useMemo } from 'react';
import type { Locale } from '../../api/config';
import { clip } from '../../api/clip';
import type { Indicator } from '@ioc/contract/contract';
import { addMessages, type MessageKey, type Translate, useT } from '../../i18n';
import { kpi } from '../../i18n/messages/kpi';
import { useUiStore } from '../../state/ui';

// The panels' messages arrive with the panels' code, not in the first frame's JavaScript;
// every panel writes through this module.
addMessages(kpi);

const known = new Set<string>(Object.keys(kpi['zh-CN']));
function messageKey(key: string): MessageKey | null {
  return known.has(key) ? (key as MessageKey) : null;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
export function formatNumber(locale: Locale, value: number): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numberFormats.set(locale, f);
  }
  return f.format(value);
}

/** "hh:mm" in the district's time zone, whatever the viewer's machine is set to. */
export { formatClock } from '../../i18n/dates';

/** The indicator's unit in the reader's language; an unknown unit is shown as the API sent it. */
export function unitText(t: Translate, unit: string): string {
  const key = messageKey(`kpi.unit.${unit}`);
  return key ? t(key) : clip(unit, 12);
}

/** Our label for a known indicator id; the API's own label for any other. */
export function indicatorLabel(t: Translate, indicator: Pick<Indicator, 'id' | 'label'>): string {
  const key = messageKey(`kpi.ind.${indicator.id}`);
  return key ? t(key) : clip(indicator.label);
}

export interface KpiFormat {
  t: Translate;
  locale: Locale;
  number: (v: number) => string;
  unit: (u: string) => string;
  label: (i: Pick<Indicator, 'id' | 'label'>) => string;
}

/** Everything a panel needs to write its figures, stable per language. */
export function useKpiFormat(): KpiFormat {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  return useMemo(
    () => ({
      t,
      locale,
      number: (v: number) => formatNumber(locale, v),
      unit: (u: string) => unitText(t, u),
      label: (i) => indicatorLabel(t, i),
    }),
    [t, locale],
  );
}
