/** The map with the region frame; other data layers join through the layer registry. */
import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo } from 'react';
import type { Feature, RegionProps } from '../api/contract';
import { useApi } from '../api/context';
import { useRegions } from '../api/queries';
import { useT } from '../i18n';
import { MapView } from '../map/MapView';
import { buildRegionLayers, regionName } from '../map/regionLayers';
import { useScopeCamera } from '../map/useScopeCamera';
import { currentProblem, describeProblem } from '../panels/describeProblem';
import { useScopeStore } from '../state/scope';
import { useUiStore } from '../state/ui';

export function MapPanel() {
  const t = useT();
  const { config } = useApi();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const streets = useRegions('street');
  const communities = useRegions('community');
  const regionsProblem = currentProblem(streets);
  const framed = useMemo(
    () => [streets.data, communities.data].filter((d) => d !== undefined),
    [streets.data, communities.data],
  );
  useScopeCamera(framed, config.camera);
  const scopeId = useScopeStore((s) => s.regionId);
  const layers = useMemo(
    () => buildRegionLayers(streets.data, theme, locale, scopeId),
    [streets.data, theme, locale, scopeId],
  );
  const onClick = useCallback((info: PickingInfo) => {
    const f = info.object as Feature<RegionProps> | undefined;
    if (f?.properties?.level === 'street') useScopeStore.getState().setScope(f.properties.id);
  }, []);
  const getTooltip = useCallback(
    (info: PickingInfo) => {
      const f = info.object as Feature<RegionProps> | undefined;
      return f?.properties?.level ? regionName(f.properties, locale) : null;
    },
    [locale],
  );
  return (
    <main className="map-panel" id="map">
      <MapView
        basemap={config.basemap}
        theme={theme}
        layers={layers}
        getTooltip={getTooltip}
        onClick={onClick}
      />
      {regionsProblem !== null && (
        <p className="map-problem" role="alert">
          {t('map.regions.error', { message: describeProblem(t, regionsProblem) })}
        </p>
      )}
    </main>
  );
}
