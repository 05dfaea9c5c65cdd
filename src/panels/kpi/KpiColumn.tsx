/**
 * The KPI panels beside the map, under the scope breadcrumb. Each panel stands alone (own
 * data view, states and error boundary); this file only lays them out: one column on a
 * desk, the street's own panels first on a console, and fixed columns on the wall, where
 * every panel must be on screen at once (a wall is read from the room, not scrolled).
 */
import type { ComponentType } from 'react';
import { ScopeBreadcrumb } from '../ScopeBreadcrumb';
import { DemolitionPanel } from './DemolitionPanel';
import { FiveGPanel } from './FiveGPanel';
import { HotlinePanel } from './HotlinePanel';
import { type KpiLayout, KpiFrame } from './KpiFrame';
import { KindergartenPanel } from './KindergartenPanel';
import { MedicalPanel } from './MedicalPanel';
import { SelfServicePanel } from './SelfServicePanel';
import { SubcenterPanel } from './SubcenterPanel';
import './KpiColumn.css';

const PANELS = {
  '5g': FiveGPanel,
  hotline: HotlinePanel,
  selfService: SelfServicePanel,
  subcenter: SubcenterPanel,
  medical: MedicalPanel,
  kindergarten: KindergartenPanel,
  demolition: DemolitionPanel,
} satisfies Record<string, ComponentType>;
export type PanelKey = keyof typeof PANELS;

/** How each mode arranges the panels: a list of columns, each a list of panels. */
export const PANEL_LAYOUTS = {
  desk: [['5g', 'hotline', 'selfService', 'subcenter', 'medical', 'kindergarten', 'demolition']],
  // A street sub-center's own readiness and its hotline orders come first.
  console: [['subcenter', 'hotline', '5g', 'selfService', 'medical', 'kindergarten', 'demolition']],
  // Columns of about equal height; the sub-center panel sits in the wall's right wing.
  wall: [
    ['5g', 'kindergarten'],
    ['hotline', 'demolition'],
    ['selfService', 'medical'],
  ],
} satisfies Record<KpiLayout, PanelKey[][]>;

export function KpiColumn({ layout = 'desk' }: { layout?: KpiLayout }) {
  return (
    <KpiFrame layout={layout}>
      <KpiColumnContent layout={layout} />
    </KpiFrame>
  );
}

/** The column's panels, without its box (which app/lazyPanels draws before this code arrives). */
export function KpiColumnContent({ layout }: { layout: KpiLayout }) {
  const columns: PanelKey[][] = PANEL_LAYOUTS[layout];
  return (
    <>
      {/* On the wall the scope heads the scene card instead, leaving the columns their height. */}
      {layout !== 'wall' && <ScopeBreadcrumb />}
      {columns.length === 1 ? (
        <div className="kpi-grid">
          <KpiPanels keys={columns[0] ?? []} />
        </div>
      ) : (
        <div className="kpi-columns">
          {columns.map((keys) => (
            <div key={keys.join()} className="kpi-columns__column">
              <KpiPanels keys={keys} />
            </div>
          ))}
        </div>
      )}
    </>
  );
}

export function KpiPanels({ keys }: { keys: readonly PanelKey[] }) {
  return (
    <>
      {keys.map((key) => {
        const Panel = PANELS[key];
        return <Panel key={key} />;
      })}
    </>
  );
}
