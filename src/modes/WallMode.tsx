/**
 * The wall mode. As the wall (see wall/presentation.ts): the fixed design canvas with the
 * header, the KPI columns, the map, the scene card with the tour's progress, the
 * incident focus when the emergency switch is on, the live feed and the alert corner.
 * As a shared view: the plain layout, held still.
 */
import { useEffect } from 'react';
import { useApi } from '../api/context';
import { Header } from '../app/Header';
import { MapPanel } from '../app/MapPanel';
import { useT } from '../i18n';
import { WallAlert } from '../panels/events/WallAlert';
import { useEmergencyStore } from '../state/emergency';
import { EmergencyPanel, EventsAside, KpiColumn } from './lazyPanels';
import { DesignCanvas } from './wall/DesignCanvas';
import { markWallUrl } from './wall/presentation';
import { TourBar } from './wall/TourBar';
import { useTour } from './wall/useTour';

export function WallMode({ presentation = false }: { presentation?: boolean }) {
  if (!presentation) {
    return (
      <div className="app-body">
        <KpiColumn />
        <MapPanel />
        <EventsAside />
      </div>
    );
  }
  return <WallPresentation />;
}

function WallPresentation() {
  const t = useT();
  const { config } = useApi();
  const { designSize, scenes, tourEnabled } = config.wall;
  const emergency = useEmergencyStore((s) => s.on);
  useTour(scenes, tourEnabled);
  useEffect(() => markWallUrl(), []);
  return (
    <DesignCanvas size={designSize} label={t('modes.wall.canvas')}>
      <div className={`wall${emergency ? ' wall--emergency' : ''}`}>
        <Header />
        <div className="wall-body">
          <div className="wall-side wall-side--left">
            <KpiColumn />
          </div>
          <MapPanel />
          <div className="wall-side wall-side--right">
            <TourBar scenes={scenes} enabled={tourEnabled} />
            {emergency && <EmergencyPanel />}
            <EventsAside />
          </div>
        </div>
        <WallAlert />
      </div>
    </DesignCanvas>
  );
}
