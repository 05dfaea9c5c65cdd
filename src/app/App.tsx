import { useEffect } from 'react';
import { useT } from '../i18n';
import { OperatorMode } from '../modes/OperatorMode';
import { PlannerMode } from '../modes/PlannerMode';
import { WallMode } from '../modes/WallMode';
import { EventsRuntime } from '../panels/events/EventsRuntime';
import { WallAlert } from '../panels/events/WallAlert';
import { useUiStore } from '../state/ui';
import { Header } from './Header';

export function App() {
  const t = useT();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const mode = useUiStore((s) => s.mode);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = theme;
    document.title = t('app.title');
  }, [locale, theme, t]);
  return (
    <div className={`app app--${mode}`}>
      <a className="skip-link" href="#map">
        {t('app.skipToMap')}
      </a>
      <Header />
      {mode === 'wall' && <WallMode />}
      {mode === 'operator' && <OperatorMode />}
      {mode === 'planner' && <PlannerMode />}
      {mode === 'wall' && <WallAlert />}
      <EventsRuntime />
    </div>
  );
}
