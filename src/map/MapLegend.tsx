/**
 * What the map draws right now, over the map: for each layer that is on, top first, the
 * classes drawn at this zoom, with the exact colours of its accessors (src/catalog/legend.ts).
 * The wall's leaders read it from the room; every swatch names its colour and shape in data
 * attributes, so a test can check that no colour means two things on one screen. A layer
 * whose data fails to load is marked as such beside its title.
 */
import { useState } from 'react';
import { useFailingParts } from '../app/failingData';
import { drawnAt, useLegends } from '../catalog/legend';
import { useT } from '../i18n';
import { Legend } from '../panels/catalog/Legend';
import { useCameraStore } from '../state/camera';
import './MapLegend.css';

export function MapLegend() {
  const t = useT();
  const zoom = useCameraStore((s) => s.camera.zoom);
  const failing = new Set(useFailingParts().flatMap((p) => (p.kind === 'layer' ? [p.id] : [])));
  const legends = useLegends()
    .map((l) => ({ ...l, entries: l.entries.filter((e) => drawnAt(e, zoom)) }))
    .filter((l) => l.entries.length > 0);
  // Open on the wall and on a map with room for it; folded where it would cover much of a small map.
  const [open] = useState(() => window.innerWidth >= 1600 || document.querySelector('.app--canvas') !== null);
  if (legends.length === 0) return null;
  return (
    <section className="map-legend" aria-label={t('map.legend')}>
      <details open={open}>
        <summary className="map-legend__summary">{t('map.legend')}</summary>
        {legends.map((l) => (
          <div key={l.layerId} className="map-legend__layer">
            <h3 className="map-legend__title">
              {l.title}
              {/* Its classes stay listed, but the map may not show them: said where they are read. */}
              {failing.has(l.layerId) && (
                <span className="map-legend__failing">{t('map.legend.failing')}</span>
              )}
            </h3>
            <Legend legend={l} label={t('map.legendOf', { layer: l.title })} />
          </div>
        ))}
      </details>
    </section>
  );
}
