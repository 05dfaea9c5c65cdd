/** Medical allocation: beds and doctors per 10,000 residents by street, as a choropleth. */
import { GeoJsonLayer } from '@deck.gl/layers';
import { useMemo } from 'react';
import type { RGBA } from '../../../layers/kit/define';
import { sequential } from '../../../layers/kit/style';
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { medicalAllocation } from '../../analysis/medicalAllocation';
import { useT } from '../../i18n';
import { useScopeStore } from '../../state/scope';
import { useUiStore } from '../../state/ui';
import { DataState, fmt, Legend, usePlannerOverlay } from './common';
import { usePlannerData } from './usePlannerData';

const CLASSES = 5;

/** Equal-interval class 1..CLASSES of v between min and max. */
function classOf(v: number, min: number, max: number): number {
  if (max <= min) return 1;
  return Math.min(CLASSES, 1 + Math.floor(((v - min) / (max - min)) * CLASSES));
}

export function MedicalTab() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const theme = useUiStore((s) => s.theme);
  // Health facilities: the first layer that declares them (roles.healthcare), by its own fields.
  const data = usePlannerData('healthcare');
  const layer = data.layers[0];
  const facilities = useMemo(() => {
    const role = layer?.def.roles?.healthcare;
    if (!layer || !role) return [];
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    return layer.features.map((f) => {
      const p = f.properties as Record<string, unknown>;
      return {
        properties: {
          regionId: String(p.regionId ?? ''),
          beds: num(p[role.beds]),
          doctors: num(p[role.doctors]),
        },
      };
    });
  }, [layer]);
  const rows = useMemo(
    () => (data.streets.length ? medicalAllocation(data.streets, facilities, data.communities) : []),
    [data.streets, data.communities, facilities],
  );
  const [min, max] = useMemo(() => {
    const v = rows.map((r) => r.bedsPer10k);
    return v.length ? [Math.min(...v), Math.max(...v)] : [0, 0];
  }, [rows]);
  const fill = (v: number): RGBA => sequential(classOf(v, min, max), CLASSES, theme, 170);
  const overlay = useMemo(() => {
    if (!rows.length) return [];
    const byId = new Map(rows.map((r) => [r.streetId, r.bedsPer10k]));
    return [
      new GeoJsonLayer<RegionProps>({
        id: 'planner-medical-choropleth',
        data: data.streets as Feature<RegionProps>[] as never,
        filled: true,
        stroked: true,
        getFillColor: (f) =>
          sequential(classOf(byId.get(f.properties.id) ?? 0, min, max), CLASSES, theme, 170),
        getLineColor: theme === 'dark' ? [226, 240, 255, 200] : [15, 23, 42, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        updateTriggers: { getFillColor: [rows, theme] },
      }),
    ];
  }, [rows, data.streets, min, max, theme]);
  usePlannerOverlay(overlay);

  const step = (max - min) / CLASSES;
  const total = rows.reduce(
    (a, r) => ({
      population: a.population + r.population,
      beds: a.beds + r.beds,
      doctors: a.doctors + r.doctors,
    }),
    { population: 0, beds: 0, doctors: 0 },
  );
  return (
    <section aria-labelledby="planner-medical-title">
      <h3 id="planner-medical-title" className="planner__h">
        {t('planner.medical.title')}
      </h3>
      <DataState loading={data.loading} problem={data.problem} tiled={data.tiled} current={data.current} />
      {rows.length > 0 && (
        <>
          <Legend
            title={t('planner.medical.legend')}
            items={Array.from({ length: CLASSES }, (_, i) => ({
              label: `${fmt(locale, min + step * i, 1)} – ${fmt(locale, min + step * (i + 1), 1)}`,
              color: fill(min + step * (i + 0.5)),
            }))}
          />
          <table className="planner__table" data-testid="medical-table">
            <caption>{t('planner.medical.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planner.street')}</th>
                <th scope="col">{t('planner.population')}</th>
                <th scope="col">{t('planner.medical.beds')}</th>
                <th scope="col">{t('planner.medical.bedsPer10k')}</th>
                <th scope="col">{t('planner.medical.doctors')}</th>
                <th scope="col">{t('planner.medical.doctorsPer10k')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.streetId} data-region={r.streetId}>
                  <th scope="row">
                    <button
                      type="button"
                      className="planner__link"
                      aria-label={t('planner.scopeTo', { name: r.name })}
                      onClick={() => useScopeStore.getState().setScope(r.streetId)}
                    >
                      {r.name}
                    </button>
                  </th>
                  <td>{fmt(locale, r.population)}</td>
                  <td>{fmt(locale, r.beds)}</td>
                  <td data-value={r.bedsPer10k}>{fmt(locale, r.bedsPer10k, 2)}</td>
                  <td>{fmt(locale, r.doctors)}</td>
                  <td data-value={r.doctorsPer10k}>{fmt(locale, r.doctorsPer10k, 2)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('planner.total')}</th>
                <td>{fmt(locale, total.population)}</td>
                <td>{fmt(locale, total.beds)}</td>
                <td>{fmt(locale, (total.beds / total.population) * 10_000, 2)}</td>
                <td>{fmt(locale, total.doctors)}</td>
                <td>{fmt(locale, (total.doctors / total.population) * 10_000, 2)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="planner__method">{t('planner.medical.method')}</p>
        </>
      )}
    </section>
  );
}
