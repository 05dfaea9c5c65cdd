/**
 * The KPI column's box, apart from its panels: it is drawn with the first frame, at its
 * final width, so the map beside it is laid out once. When the panels' code arrived later
 * inside a column that only then took its width, the map was resized under its first
 * draws, and on two cores in software WebGL each resize redrew both canvases (~0.5 s).
 */
import type { ReactNode } from 'react';
import { useT } from '../../i18n';

export type KpiLayout = 'desk' | 'console' | 'wall';

export function KpiFrame({ layout, children }: { layout: KpiLayout; children: ReactNode }) {
  const t = useT();
  return (
    <aside className={`side side--left side--kpi side--kpi-${layout}`} aria-label={t('kpi.column')}>
      {children}
    </aside>
  );
}
