/** Draw a polygon or a circle on the map: counts and sums of every visible layer inside. */
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useMemo, useState } from 'react';
import { text } from '../../../layers/kit/define';
import { haversineM, type Pos } from '@ioc/domain/analysis/geo';
import { type DrawnShape, polygonStats, shapePolygon } from '../../analysis/polygonStats';
import { useT } from '../../i18n';
import { useMapClicks } from '../../map/mapClicks';
import { useUiStore } from '../../state/ui';
import { DataState, fmt, usePlannerOverlay } from './common';
import { useVisibleFeatures } from './useVisibleFeatures';

type Tool = 'polygon' | 'circle' | null;

export function DrawTab() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const [tool, setTool] = useState<Tool>(null);
  const [points, setPoints] = useState<Pos[]>([]);
  const [shape, setShape] = useState<DrawnShape | null>(null);
  const { layers, tiled, current } = useVisibleFeatures();

  // While a tool is picked, map clicks come here instead of picking features, and the map
  // shows a crosshair (a class on the root, so the map view itself needs no change).
  useEffect(() => {
    if (!tool) return;
    useMapClicks.getState().capture((p) => setPoints((prev) => [...prev, p]));
    document.documentElement.classList.add('planner-drawing');
    return () => {
      useMapClicks.getState().release();
      document.documentElement.classList.remove('planner-drawing');
    };
  }, [tool]);

  // A circle is done on its second click: centre, then a point on the edge.
  useEffect(() => {
    if (tool === 'circle' && points.length === 2) {
      setShape({ kind: 'circle', center: points[0]!, radiusM: haversineM(points[0]!, points[1]!) });
      setTool(null);
    }
  }, [tool, points]);

  const start = (next: Tool) => {
    setShape(null);
    setPoints([]);
    setTool(next);
  };
  const finish = () => {
    if (points.length >= 3) setShape({ kind: 'polygon', ring: points });
    setTool(null);
  };
  const clear = () => {
    setShape(null);
    setPoints([]);
    setTool(null);
  };

  const stats = useMemo(() => (shape ? polygonStats(shape, layers) : null), [shape, layers]);
  const overlay = useMemo(() => {
    const ring = shape
      ? ((shapePolygon(shape).coordinates as Pos[][])[0] ?? [])
      : tool === 'polygon'
        ? points
        : [];
    return [
      new PolygonLayer<Pos[]>({
        id: 'planner-draw-shape',
        data: ring.length >= 2 ? [ring] : [],
        getPolygon: (r) => r,
        filled: true,
        stroked: true,
        getFillColor: [86, 180, 233, 50],
        getLineColor: [86, 180, 233, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
      new ScatterplotLayer<Pos>({
        id: 'planner-draw-vertices',
        data: shape ? [] : points,
        getPosition: (p) => p,
        getRadius: 5,
        radiusUnits: 'pixels',
        getFillColor: [255, 255, 255, 255],
        getLineColor: [86, 180, 233, 255],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
    ];
  }, [shape, points, tool]);
  usePlannerOverlay(overlay);

  const fieldLabel = (layerId: string, key: string) => {
    const spec = layers.find((l) => l.layerId === layerId)?.fields.find((f) => f.key === key);
    return spec ? text(locale, spec.label) : key;
  };
  return (
    <section aria-labelledby="planner-draw-title">
      <h3 id="planner-draw-title" className="planner__h">
        {t('planner.draw.title')}
      </h3>
      <DataState loading={false} problem={null} tiled={tiled} current={current} />
      <p className="planner__muted">{t('planner.draw.help')}</p>
      <div className="planner__tools">
        <button
          type="button"
          className="switch"
          aria-pressed={tool === 'polygon'}
          onClick={() => start('polygon')}
        >
          {t('planner.draw.polygon')}
        </button>
        <button
          type="button"
          className="switch"
          aria-pressed={tool === 'circle'}
          onClick={() => start('circle')}
        >
          {t('planner.draw.circle')}
        </button>
        <button
          type="button"
          className="switch"
          disabled={tool !== 'polygon' || points.length < 3}
          onClick={finish}
        >
          {t('planner.draw.finish')}
        </button>
        <button type="button" className="switch" onClick={clear}>
          {t('planner.draw.clear')}
        </button>
      </div>
      <p className="planner__muted" aria-live="polite">
        {tool ? t('planner.draw.points', { count: points.length }) : ''}
        {shape?.kind === 'circle' ? t('planner.draw.radius', { radius: fmt(locale, shape.radiusM) }) : ''}
      </p>
      {layers.length === 0 && <p className="planner__muted">{t('planner.draw.noLayers')}</p>}
      {!stats && layers.length > 0 && <p className="planner__muted">{t('planner.draw.empty')}</p>}
      {stats && (
        <table className="planner__table" data-testid="draw-table">
          <caption>{t('planner.draw.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planner.draw.layer')}</th>
              <th scope="col">{t('planner.draw.count')}</th>
              <th scope="col">{t('planner.draw.sums')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.layerId} data-layer={s.layerId} data-count={s.count}>
                <th scope="row">{layers.find((l) => l.layerId === s.layerId)?.title ?? s.layerId}</th>
                <td>{fmt(locale, s.count)}</td>
                <td>
                  {Object.entries(s.sums)
                    .map(([k, v]) => `${fieldLabel(s.layerId, k)} ${fmt(locale, v)}`)
                    .join(' · ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
