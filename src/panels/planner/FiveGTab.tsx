/** 5G build-out: stations against target by region (from /kpis), problem sites by cause (from features). */
import { ScatterplotLayer } from '@deck.gl/layers';
import { type CSSProperties, useMemo } from 'react';
import type { LayerFeature, RGBA } from '../../../layers/kit/define';
import { formatField } from '../../../layers/kit/define';
import { Indicator } from '@ioc/contract/contract';
import type { Pos } from '@ioc/domain/analysis/geo';
import { problemSitesByCause, stationsVsTarget } from '../../analysis/stationsVsTarget';
import { useT } from '../../i18n';
import { useScopeStore } from '../../state/scope';
import { useUiStore } from '../../state/ui';
import { currentProblem } from '../describeProblem';
import { useKpiQuery } from '../kpi/useKpis';
import { DataState, fmt, Legend, usePlannerOverlay } from './common';
import { usePlannerData } from './usePlannerData';

const CAUSE_COLORS: RGBA[] = [
  [230, 159, 0, 230],
  [86, 180, 233, 230],
  [0, 158, 115, 230],
  [204, 121, 167, 230],
  [213, 94, 0, 230],
  [0, 114, 178, 230],
  [240, 228, 66, 230],
];

export function FiveGTab() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const scopeId = useScopeStore((s) => s.regionId);
  const kpis = useKpiQuery();
  // Sites being built: the first layer that declares them (roles.buildOut), and its cause field.
  const data = usePlannerData('buildOut');
  const layer = data.layers[0];
  const cause = layer?.def.roles?.buildOut?.cause ?? '';
  const stations = useMemo(() => layer?.features ?? [], [layer]);
  const issueSpec = layer?.def.fields.find((f) => f.key === cause);
  const rows = useMemo(() => {
    const indicators = (kpis.data?.indicators ?? []).flatMap((raw) => {
      const r = Indicator.safeParse(raw);
      return r.success ? [r.data] : [];
    });
    return stationsVsTarget(indicators);
  }, [kpis.data]);
  // Stations in the scope: a feature's regionId is its street; community ids extend their street's id.
  const inScope = useMemo(
    () => (scopeId ? stations.filter((s) => scopeId.startsWith(s.properties.regionId as string)) : stations),
    [stations, scopeId],
  );
  const causes = useMemo(
    () =>
      problemSitesByCause(
        inScope.map((s) => {
          const v = (s.properties as Record<string, unknown>)[cause];
          return { properties: { issue: typeof v === 'string' ? v : undefined } };
        }),
      ),
    [inScope, cause],
  );
  const colorOf = useMemo(() => {
    const m = new Map(causes.map((c, i) => [c.cause, CAUSE_COLORS[i % CAUSE_COLORS.length]!]));
    return (cause: string): RGBA => m.get(cause) ?? [128, 128, 128, 200];
  }, [causes]);
  const overlay = useMemo(
    () => [
      new ScatterplotLayer<LayerFeature>({
        id: 'planner-5g-problems',
        data: inScope.filter((s) => (s.properties as Record<string, unknown>)[cause]),
        getPosition: (s) => s.geometry.coordinates as Pos,
        getRadius: 5,
        radiusUnits: 'pixels',
        stroked: true,
        getFillColor: (s) => colorOf(String((s.properties as Record<string, unknown>)[cause])),
        getLineColor: [15, 23, 42, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        updateTriggers: { getFillColor: causes },
      }),
    ],
    [inScope, colorOf, causes, cause],
  );
  usePlannerOverlay(overlay);
  const causeLabel = (c: string) => (issueSpec ? formatField(issueSpec, c, locale) : c);
  const maxCause = Math.max(1, ...causes.map((c) => c.count));

  return (
    <section aria-labelledby="planner-5g-title">
      <h3 id="planner-5g-title" className="planner__h">
        {t('planner.fiveG.title')}
      </h3>
      <DataState
        loading={kpis.isPending || data.loading}
        problem={currentProblem(kpis) ?? data.problem}
        tiled={data.tiled}
        current={data.current}
      />
      {rows.length > 0 && (
        <table className="planner__table" data-testid="fiveg-table">
          <caption>{t('planner.fiveG.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planner.region')}</th>
              <th scope="col">{t('planner.fiveG.built')}</th>
              <th scope="col">{t('planner.fiveG.target')}</th>
              <th scope="col">{t('planner.fiveG.completion')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const name = data.names.get(r.regionId) ?? r.regionId;
              return (
                <tr key={r.regionId} data-region={r.regionId}>
                  <th scope="row">
                    <button
                      type="button"
                      className="planner__link"
                      aria-label={t('planner.scopeTo', { name })}
                      onClick={() => useScopeStore.getState().setScope(r.regionId)}
                    >
                      {name}
                    </button>
                  </th>
                  <td>{fmt(locale, r.built)}</td>
                  <td>{r.target === null ? '—' : fmt(locale, r.target)}</td>
                  <td
                    className={
                      r.completionPct !== null && r.completionPct < 100 ? 'planner__below' : undefined
                    }
                  >
                    {r.completionPct === null ? '—' : `${fmt(locale, r.completionPct, 2)} %`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {causes.length > 0 && (
        <>
          <table className="planner__table">
            <caption>{t('planner.fiveG.issues')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planner.fiveG.cause')}</th>
                <th scope="col">{t('planner.fiveG.sites')}</th>
              </tr>
            </thead>
            <tbody>
              {causes.map((c) => (
                <tr key={c.cause}>
                  <th scope="row">{causeLabel(c.cause)}</th>
                  <td>
                    <span
                      className="planner__bar"
                      style={
                        {
                          '--v': c.count / maxCause,
                          '--c': `rgb(${colorOf(c.cause).slice(0, 3).join(',')})`,
                        } as CSSProperties
                      }
                    />
                    {fmt(locale, c.count)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Legend
            title={t('planner.fiveG.issues')}
            items={causes.map((c) => ({ label: causeLabel(c.cause), color: colorOf(c.cause) }))}
          />
        </>
      )}
      <p className="planner__method">{t('planner.fiveG.method')}</p>
    </section>
  );
}
