/**
 * The wall mode. As the wall (see wall/presentation.ts): the fixed design canvas with the
 * header, the KPI columns, the map, the scene card with the tour's progress, the
 * incident focus when the emergency switch is on, the live feed and the alert corner.
 * As a shared view: the plain layout, held still. Both run the watchdog (wall/Watchdog.tsx),
 * which checks every minute that each chart and the map draw and the data is fresh.
 */
import { type CSSProperties, useEffect } from 'react';
import { useApi } from '../api/context';
import { Header } from '../app/Header';
import { MapPanel } from '../app/MapPanel';
import { ScopeBreadcrumb } from '../panels/ScopeBreadcrumb';
import { useT } from '../i18n';
import { WallAlert } from '../panels/events/WallAlert';
import { useEmergencyStore } from '../state/emergency';
import { EmergencyPanel, EventsAside, KpiColumn, KpiPanels, Watchdog } from './lazyPanels';
import { DesignCanvas } from './wall/DesignCanvas';
import { markWallUrl } from './wall/presentation';
import { TourBar } from './wall/TourBar';
import { useTour } from './wall/useTour';
import './WallMode.css';

export function WallMode({ presentation = false }: { presentation?: boolean }) {
  if (!presentation) {
    return (
      <div className="app-body">
        <KpiColumn />
        <MapPanel />
        <EventsAside />
        <Watchdog placement="desk" />
      </div>
    );
  }
  return <WallPresentation />;
}

const WALL_RIGHT_PANELS = ['subcenter'] as const;

function WallPresentation() {
  const t = useT();
  const { config } = useApi();
  const { designSize, scenes, tourEnabled } = config.wall;
  const emergency = useEmergencyStore((s) => s.on);
  useTour(scenes, tourEnabled);
  useEffect(() => markWallUrl(), []);
  // Laid out for 1080 design pixels of height; a 7680×2160 wall is the same picture, twice as big.
  const k = designSize.height / 1080;
  return (
    <DesignCanvas size={designSize} label={t('modes.wall.canvas')}>
      <div
        className={`wall${emergency ? ' wall--emergency' : ''}`}
        style={{ '--wall-k': k } as CSSProperties}
      >
        <Header />
        <div className="wall-body">
          <div className="wall-side wall-side--left">
            <KpiColumn layout="wall" />
          </div>
          {/* The scene card sits over the map's corner: the right wing keeps its height for the feed. */}
          <div className="wall-map">
            <MapPanel />
            <div className="wall-map__scene">
              <TourBar scenes={scenes} enabled={tourEnabled}>
                <ScopeBreadcrumb />
              </TourBar>
            </div>
            <Watchdog placement="wall" />
          </div>
          <div className="wall-side wall-side--right">
            {/* In an emergency the incident takes the sub-center panel's place. */}
            {emergency ? <EmergencyPanel /> : <KpiPanels keys={WALL_RIGHT_PANELS} />}
            <EventsAside />
          </div>
        </div>
        <WallAlert />
      </div>
    </DesignCanvas>
  );
}
