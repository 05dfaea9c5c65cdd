/** Export what is on the map: a PNG with title and legend, CSV and GeoJSON of the visible features. */
import { useMemo } from 'react';
import { useApi } from '../../api/context';
import { toCsv, toGeoJson } from '../../analysis/exportData';
import { useCatalogEntries } from '../../catalog/entries';
import { legendOf, titleOf } from '../../catalog/legend';
import { formatTime, useT } from '../../i18n';
import { useLayersStore } from '../../state/layers';
import { useScopeStore } from '../../state/scope';
import { useUiStore } from '../../state/ui';
import { downloadBlob } from './download';
import { composeMapPng } from './mapPng';
import { usePlannerData } from './usePlannerData';
import { useVisibleFeatures } from './useVisibleFeatures';
import { DataState } from './common';

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '');

export function ExportTab() {
  const t = useT();
  const { config } = useApi();
  const locale = useUiStore((s) => s.locale);
  const theme = useUiStore((s) => s.theme);
  const on = useLayersStore((s) => s.on);
  const filters = useLayersStore((s) => s.filters);
  const scopeId = useScopeStore((s) => s.regionId);
  const { byId } = useCatalogEntries();
  const { names } = usePlannerData();
  const { layers, tiled, current } = useVisibleFeatures();
  const count = useMemo(() => layers.reduce((a, l) => a + l.features.length, 0), [layers]);
  const crs = config.basemap.crs;

  const exportPng = () => {
    const map = document.querySelector('.map-panel .map-canvas');
    if (!map) return;
    const shownEntries = on.map((id) => byId.get(id)).filter((e) => e !== undefined);
    const titles = shownEntries.map((e) => titleOf(e, locale));
    const canvas = composeMapPng(map, {
      title: t('planner.export.mapTitle', { layers: titles.join(' · ') || '—' }),
      subtitle: `${scopeId ? (names.get(scopeId) ?? scopeId) : t('planner.views.district')} · ${formatTime(locale, Date.now())} · ${crs}`,
      legends: shownEntries.map((e) => legendOf(e, theme, locale, filters[e.def.id])),
      theme,
    });
    canvas.toBlob((blob) => blob && downloadBlob(blob, `longgang-map-${stamp()}.png`), 'image/png');
  };
  const exportCsv = () =>
    // A byte-order mark so spreadsheet programs read the Chinese labels as UTF-8.
    downloadBlob(
      new Blob([`\uFEFF${toCsv(layers, locale)}`], { type: 'text/csv;charset=utf-8' }),
      `longgang-features-${stamp()}.csv`,
    );
  const exportGeoJson = () =>
    downloadBlob(
      new Blob([toGeoJson(layers, crs)], { type: 'application/geo+json' }),
      `longgang-features-${stamp()}.geojson`,
    );

  return (
    <section aria-labelledby="planner-export-title">
      <h3 id="planner-export-title" className="planner__h">
        {t('planner.export.title')}
      </h3>
      <DataState loading={false} problem={null} tiled={tiled} current={current} />
      <p className="planner__muted">{t('planner.export.help', { crs })}</p>
      <div className="planner__tools">
        <button type="button" className="switch" onClick={exportPng}>
          {t('planner.export.png')}
        </button>
        <button type="button" className="switch" disabled={layers.length === 0} onClick={exportCsv}>
          {t('planner.export.csv')}
        </button>
        <button type="button" className="switch" disabled={layers.length === 0} onClick={exportGeoJson}>
          {t('planner.export.geojson')}
        </button>
      </div>
      <p className="planner__summary" aria-live="polite">
        {layers.length
          ? t('planner.export.count', { layers: layers.length, count: count.toLocaleString(locale) })
          : t('planner.export.noLayers')}
      </p>
      {layers.length > 0 && (
        <ul className="planner__list">
          {layers.map((l) => (
            <li key={l.layerId}>
              {l.title}: {l.features.length.toLocaleString(locale)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
