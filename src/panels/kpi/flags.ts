/**
 * Indicators with an implausible figure, as a panel hands them to its figures: a tile that
 * would show one shows the flag and its reason instead, and claims it; the panel lists the
 * flagged indicators that no tile claimed (parts of a chart, a ranking's second series).
 */
import { createContext, useContext, useLayoutEffect } from 'react';
import type { Translate } from '../../i18n';
import { indicatorLabel } from './format';
import type { FlaggedIndicator } from './useKpis';

export interface PanelFlags {
  byId: ReadonlyMap<string, FlaggedIndicator>;
  /** A tile shows this indicator's flag: the panel need not list it. */
  claim(id: string): void;
}

export const FlagsContext = createContext<PanelFlags | null>(null);

/** The flag of indicator `id` in this panel, claimed for the caller; undefined when it has none. */
export function useFlag(id: string): FlaggedIndicator | undefined {
  const flags = useContext(FlagsContext);
  const flag = flags?.byId.get(id);
  useLayoutEffect(() => {
    if (flag) flags?.claim(id);
  }, [flag, flags, id]);
  return flag;
}

/** The figure as the API sent it, bounded (1e+308 is written so, not as 309 digits). */
const figure = (f: FlaggedIndicator) => String(f.value).slice(0, 24);

/** Beside the flag: what is wrong, in a few words. */
export const flagReason = (t: Translate, f: FlaggedIndicator) => t('kpi.flaggedReason', { value: figure(f) });

/** The whole reason, naming the indicator: the tile's hover text and the panel's list. */
export const flagHint = (t: Translate, f: FlaggedIndicator) =>
  t('kpi.flaggedHint', { label: indicatorLabel(t, f), value: figure(f) });
