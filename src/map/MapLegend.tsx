/**
 * What the map draws right now, over the map: for each layer that is on, top first, the
 * classes drawn at this zoom, with the exact colours of its accessors (src/catalog/legend.ts).
 * The wall's leaders read it from the room; every swatch names its colour and shape in data
 * attributes, so a test can check that no colour means two things on one screen.
 */
import { drawnAt, useLegends } from '../catalog/legend';
import { useT } from '../i18n';
import { Legend } from '../panels/catalog/Legend';
import { useCameraStore } from '../state/camera';

export function MapLegend() {
  const t = useT();
  const zoom = useCameraStore((s) => s.camera.zoom);
  const legends = useLegends()
    .map((l) => ({ ...l, entries: l.entries.filter((e) => drawnAt(e, zoom)) }))
    .filter((l) => l.entries.length > 0);
  if (legends.length === 0) return null;
  return (
    <section className="map-legend" aria-label={t('map.legend')}>
      {legends.map((l) => (
        <div key={l.layerId} className="map-legend__layer">
          <h3 className="map-legend__title">{l.title}</h3>
          <Legend legend={l} label={t('catalog.legend', { layer: l.title })} />
        </div>
      ))}
    </section>
  );
}
