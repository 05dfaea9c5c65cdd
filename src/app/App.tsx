import { useEffect } from 'react';
import { useT } from '../i18n';
import { EventsAside } from '../panels/events/EventsAside';
import { EventsRuntime } from '../panels/events/EventsRuntime';
import { WallAlert } from '../panels/events/WallAlert';
import { KpiColumn } from '../panels/kpi/KpiColumn';
import { useUiStore } from '../state/ui';
import { Header } from './Header';
import { MapPanel } from './MapPanel';

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
      <div className="app-body">
        <KpiColumn />
        <MapPanel />
        <EventsAside />
        {mode === 'wall' && <WallAlert />}
      </div>
      <EventsRuntime />
    </div>
  );
}
