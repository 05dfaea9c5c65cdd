/**
 * The planner's workbench beside the map: one tab per analysis, export and saved views.
 * Only the open tab is mounted, so only its map overlay is drawn.
 */
import { type KeyboardEvent, useRef, useState } from 'react';
import { addMessages, type MessageKey, useT } from '../../i18n';
import { planner } from '../../i18n/messages/planner';
import { CompareTab } from './CompareTab';
import { CoverageTab } from './CoverageTab';
import { DrawTab } from './DrawTab';
import { ExportTab } from './ExportTab';
import { FiveGTab } from './FiveGTab';
import { MedicalTab } from './MedicalTab';
import { ViewsTab } from './ViewsTab';
import './planner.css';

// The planner's words travel with its code, not in every first load.
addMessages(planner);

const TABS = [
  { id: 'coverage', label: 'planner.tab.coverage', Panel: CoverageTab },
  { id: 'allocation', label: 'planner.tab.medical', Panel: MedicalTab },
  { id: 'draw', label: 'planner.tab.draw', Panel: DrawTab },
  { id: 'fiveG', label: 'planner.tab.fiveG', Panel: FiveGTab },
  { id: 'export', label: 'planner.tab.export', Panel: ExportTab },
  { id: 'views', label: 'planner.tab.views', Panel: ViewsTab },
  { id: 'compare', label: 'planner.tab.compare', Panel: CompareTab },
] as const satisfies readonly { id: string; label: MessageKey; Panel: () => unknown }[];

export function Workbench() {
  const t = useT();
  const [active, setActive] = useState<(typeof TABS)[number]['id']>('coverage');
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((x) => x.id === active);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(i + step + TABS.length) % TABS.length]!;
    setActive(next.id);
    refs.current[next.id]?.focus();
  };
  const tab = TABS.find((x) => x.id === active)!;
  return (
    <aside className="side side--right planner" aria-label={t('planner.workbench')}>
      <h2 className="planner__title">{t('planner.workbench')}</h2>
      <div className="planner__tabs" role="tablist" aria-label={t('planner.tabs')} onKeyDown={onKey}>
        {TABS.map((x) => (
          <button
            key={x.id}
            ref={(el) => {
              refs.current[x.id] = el;
            }}
            type="button"
            role="tab"
            id={`planner-tab-${x.id}`}
            aria-selected={x.id === active}
            aria-controls={`planner-panel-${x.id}`}
            tabIndex={x.id === active ? 0 : -1}
            className="planner__tab"
            onClick={() => setActive(x.id)}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      <div
        className="planner__panel"
        role="tabpanel"
        id={`planner-panel-${tab.id}`}
        aria-labelledby={`planner-tab-${tab.id}`}
      >
        <tab.Panel />
      </div>
    </aside>
  );
}
