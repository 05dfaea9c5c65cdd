/**
 * Legends as data: what a layer's colours mean (from the very scales its accessors colour
 * features with, see layers/kit/scale.ts) and which filters narrow what it shows. The
 * catalog renders one per layer, the PNG export draws them, and a legend on the map can
 * render the same objects.
 */
import { useMemo } from 'react';
import type { LegendItem, Locale, RGBA, Theme } from '../../layers/kit/define';
import { text } from '../../layers/kit/define';
import { useLayersStore } from '../state/layers';
import { useUiStore } from '../state/ui';
import { type CatalogEntry, useCatalogEntries } from './entries';

export interface LegendEntry {
  label: string;
  color: RGBA;
  shape: LegendItem['shape'];
  minZoom?: number;
  maxZoom?: number;
}

/** Is the entry drawn at this zoom? */
export function drawnAt(entry: Pick<LegendEntry, 'minZoom' | 'maxZoom'>, zoom: number): boolean {
  return (
    zoom >= (entry.minZoom ?? Number.NEGATIVE_INFINITY) && zoom < (entry.maxZoom ?? Number.POSITIVE_INFINITY)
  );
}

export interface Legend {
  layerId: string;
  title: string;
  /** The filters that narrow the layer, one line each: a picture must not pass for the whole layer. */
  notes: string[];
  entries: LegendEntry[];
}

type Chosen = Record<string, string[]> | undefined;

/** "Operator: China Mobile, China Unicom" for each filter of the layer that holds some values. */
export function filterNotes(
  def: Pick<CatalogEntry['def'], 'filters'>,
  chosen: Chosen,
  locale: Locale,
): string[] {
  const sep = locale === 'en' ? ', ' : '、';
  return def.filters
    .filter((f) => (chosen?.[f.key]?.length ?? 0) > 0)
    .map((f) => {
      const values = chosen![f.key]!.map((v) => {
        const o = f.options.find((x) => x.value === v);
        return o ? text(locale, o.label) : v;
      });
      return `${text(locale, f.label)}${locale === 'en' ? ': ' : '：'}${values.join(sep)}`;
    });
}

/** The catalog's title: the API's own wording in Chinese, the file's otherwise. */
export function titleOf(entry: CatalogEntry, locale: Locale): string {
  return entry.info && locale === 'zh-CN' ? entry.info.title : text(locale, entry.def.title);
}

export function legendOf(entry: CatalogEntry, theme: Theme, locale: Locale, chosen: Chosen): Legend {
  return {
    layerId: entry.def.id,
    title: titleOf(entry, locale),
    notes: filterNotes(entry.def, chosen, locale),
    entries: entry.def.legend(theme).map((i) => ({
      label: text(locale, i.label),
      color: i.color,
      shape: i.shape,
      ...(i.minZoom !== undefined ? { minZoom: i.minZoom } : {}),
      ...(i.maxZoom !== undefined ? { maxZoom: i.maxZoom } : {}),
    })),
  };
}

/** A colour as CSS (`rgba(…)`), for swatches. */
export function cssColor(c: RGBA): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;
}

/** The legends of the layers that are on, top first: what a legend over the map renders. */
export function useLegends(): Legend[] {
  const { byId } = useCatalogEntries();
  const on = useLayersStore((s) => s.on);
  const filters = useLayersStore((s) => s.filters);
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  return useMemo(
    () =>
      [...on]
        .reverse()
        .map((id) => byId.get(id))
        .filter((e) => e !== undefined)
        .map((e) => legendOf(e, theme, locale, filters[e.def.id])),
    [on, byId, filters, theme, locale],
  );
}
