/** 15-minute service circle: coverage by street, gaps and candidate kiosk sites. */
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { type CSSProperties, useMemo, useState } from 'react';
import type { RGBA } from '../../../layers/kit/define';
import type { Pos } from '@ioc/domain/analysis/geo';
import {
  type GapCandidate,
  type SamplePoint,
  serviceCircleCoverage,
} from '@ioc/domain/analysis/serviceCircle';
import { applyFilters } from '../../catalog/filters';
import { useT } from '../../i18n';
import { useScopeStore } from '../../state/scope';
import { useUiStore } from '../../state/ui';
import { DataState, fmt, Legend, pct, usePlannerOverlay } from './common';
import { usePlannerData } from './usePlannerData';

const COVERED: RGBA = [0, 158, 115, 130];
const GAP: RGBA = [230, 97, 0, 170];
const CANDIDATE: RGBA = [240, 228, 66, 255];

const NO_SITES = { existing: [] as Pos[], planned: [] as Pos[], radiusM: 0 };
const points = (features: { geometry: { type: string; coordinates: unknown } }[]) =>
  features.filter((f) => f.geometry.type === 'Point').map((f) => f.geometry.coordinates as Pos);

export function CoverageTab() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  // The service sites: the first layer that declares them (roles.sites).
  const data = usePlannerData('sites');
  const layer = data.layers[0];
  // What-if: the coverage once the planned sites are built too.
  const [withPlanned, setWithPlanned] = useState(false);
  const sites = useMemo(() => {
    const role = layer?.def.roles?.sites;
    if (!layer || !role) return NO_SITES;
    return {
      existing: points(applyFilters(layer.features, role.existing)),
      planned: role.planned ? points(applyFilters(layer.features, role.planned)) : [],
      radiusM: role.radiusM,
    };
  }, [layer]);
  const counted = useMemo(
    () => (withPlanned ? [...sites.existing, ...sites.planned] : sites.existing),
    [sites, withPlanned],
  );
  const result = useMemo(
    () =>
      data.communities.length && counted.length
        ? serviceCircleCoverage(data.communities, counted, sites.radiusM)
        : null,
    [data.communities, counted, sites.radiusM],
  );
  const overlay = useMemo(
    () =>
      result
        ? [
            new ScatterplotLayer<SamplePoint>({
              id: 'planner-coverage-samples',
              data: result.samples,
              getPosition: (s) => s.at,
              getRadius: 2.2,
              radiusUnits: 'pixels',
              getFillColor: (s) => (s.covered ? COVERED : GAP),
            }),
            new ScatterplotLayer<GapCandidate>({
              id: 'planner-coverage-candidates',
              data: result.candidates,
              getPosition: (c) => c.at,
              getRadius: sites.radiusM,
              radiusUnits: 'meters',
              stroked: true,
              filled: true,
              getFillColor: [240, 228, 66, 40],
              getLineColor: CANDIDATE,
              lineWidthUnits: 'pixels',
              getLineWidth: 2,
            }),
            new TextLayer<GapCandidate>({
              id: 'planner-coverage-ranks',
              data: result.candidates,
              getPosition: (c) => c.at,
              getText: (c) => String(result.candidates.indexOf(c) + 1),
              getSize: 16,
              getColor: [15, 23, 42, 255],
              background: true,
              getBackgroundColor: CANDIDATE,
              backgroundPadding: [4, 2],
              fontWeight: 700,
            }),
          ]
        : [],
    [result, sites.radiusM],
  );
  usePlannerOverlay(overlay);

  return (
    <section aria-labelledby="planner-coverage-title">
      <h3 id="planner-coverage-title" className="planner__h">
        {t('planner.coverage.title')}
      </h3>
      <DataState loading={data.loading} problem={data.problem} tiled={data.tiled} current={data.current} />
      {result && (
        <>
          <p className="planner__summary">
            {t('planner.coverage.summary', {
              share: pct(locale, result.totalCovered / result.totalPopulation),
              covered: fmt(locale, result.totalCovered),
              total: fmt(locale, result.totalPopulation),
              kiosks: sites.existing.length,
            })}
            {withPlanned && t('planner.coverage.plannedAdded', { count: sites.planned.length })}
          </p>
          {sites.planned.length > 0 && (
            <label className="planner__check">
              <input
                type="checkbox"
                checked={withPlanned}
                onChange={(e) => setWithPlanned(e.currentTarget.checked)}
              />
              {t('planner.coverage.withPlanned', { count: sites.planned.length })}
            </label>
          )}
          <Legend
            title={t('planner.coverage.title')}
            items={[
              { label: t('planner.coverage.legendCovered'), color: COVERED },
              { label: t('planner.coverage.legendGap'), color: GAP },
              { label: t('planner.coverage.legendCandidate'), color: CANDIDATE },
            ]}
          />
          <table className="planner__table" data-testid="coverage-table">
            <caption>{t('planner.coverage.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planner.street')}</th>
                <th scope="col">{t('planner.population')}</th>
                <th scope="col">{t('planner.coverage.covered')}</th>
                <th scope="col">{t('planner.coverage.share')}</th>
              </tr>
            </thead>
            <tbody>
              {result.streets.map((s) => {
                const name = data.names.get(s.streetId) ?? s.streetId;
                return (
                  <tr key={s.streetId} data-region={s.streetId}>
                    <th scope="row">
                      <button
                        type="button"
                        className="planner__link"
                        aria-label={t('planner.scopeTo', { name })}
                        onClick={() => useScopeStore.getState().setScope(s.streetId)}
                      >
                        {name}
                      </button>
                    </th>
                    <td>{fmt(locale, s.population)}</td>
                    <td>{fmt(locale, s.covered)}</td>
                    <td data-share={s.share}>
                      <span className="planner__bar" style={{ '--v': s.share } as CSSProperties} />
                      {pct(locale, s.share)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table className="planner__table">
            <caption>{t('planner.coverage.gaps')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planner.coverage.rank')}</th>
                <th scope="col">{t('planner.coverage.community')}</th>
                <th scope="col">{t('planner.coverage.gain')}</th>
              </tr>
            </thead>
            <tbody>
              {result.candidates.map((c, i) => (
                <tr key={c.communityId}>
                  <td>{i + 1}</td>
                  <td>{data.names.get(c.communityId) ?? c.communityId}</td>
                  <td>{fmt(locale, c.newlyCovered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="planner__method">{t('planner.coverage.method', { radius: sites.radiusM })}</p>
        </>
      )}
    </section>
  );
}
