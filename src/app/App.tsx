import { lazy, Suspense, useEffect, useState } from 'react';
import { useT } from '../i18n';
import { EmergencyRuntime } from '../modes/emergency/EmergencyRuntime';
import { isWallPresentation } from '../modes/wall/presentation';
import { WallMode } from '../modes/WallMode';
import { EventsRuntime } from '../panels/events/EventsRuntime';
import { WallAlert } from '../panels/events/WallAlert';
import { useUiStore } from '../state/ui';
import { Header } from './Header';

// The wall is what the default config opens; the console and the planner (with its analysis
// and export code) load when a user switches to them, keeping the first frame's JavaScript small.
const OperatorMode = lazy(() => import('../modes/OperatorMode').then((m) => ({ default: m.OperatorMode })));
const PlannerMode = lazy(() => import('../modes/PlannerMode').then((m) => ({ default: m.PlannerMode })));

export function App() {
  const t = useT();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const mode = useUiStore((s) => s.mode);
  // Decided once, from the address the app was opened with (see wall/presentation.ts).
  const [presentation] = useState(() => isWallPresentation(window.location.search));
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = theme;
    document.title = t('app.title');
  }, [locale, theme, t]);
  // The wall draws its own header and alert corner inside its design canvas.
  const wallCanvas = mode === 'wall' && presentation;
  return (
    <div className={`app app--${mode}${wallCanvas ? ' app--canvas' : ''}`}>
      <a className="skip-link" href="#map">
        {t('app.skipToMap')}
      </a>
      {!wallCanvas && <Header />}
      {mode === 'wall' && <WallMode presentation={presentation} />}
      <Suspense
        fallback={
          <p className="app-body app-loading" role="status">
            {t('app.loading')}
          </p>
        }
      >
        {mode === 'operator' && <OperatorMode />}
        {mode === 'planner' && <PlannerMode />}
      </Suspense>
      {mode === 'wall' && !wallCanvas && <WallAlert />}
      <EventsRuntime />
      <EmergencyRuntime />
    </div>
  );
}
