import { useMeta } from '../api/queries';
import { useT } from '../i18n';
import { EmergencySwitch } from '../modes/emergency/EmergencySwitch';
import { ApiStatus } from '../panels/ApiStatus';
import { StreamStatus } from '../panels/events/StreamStatus';
import { SessionControl } from '../session/SessionControl';
import { useUiStore } from '../state/ui';
import { LocaleSwitch } from './LocaleSwitch';
import { ReplayBar, ReplayToggle } from '../modes/replay/ReplayBar';
import './Header.css';

export function Header() {
  const t = useT();
  const meta = useMeta();
  const { theme, setTheme } = useUiStore();
  return (
    <header className="app-header">
      <h1 className="app-title">{meta.data?.name ?? t('app.title')}</h1>
      <ApiStatus />
      <StreamStatus />
      <div className="app-switches">
        <ReplayToggle />
        <SessionControl />
        <EmergencySwitch />
        <LocaleSwitch />
        <button
          type="button"
          className="switch"
          aria-label={t('theme.switch')}
          aria-pressed={theme === 'light'}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {t(theme === 'dark' ? 'theme.light' : 'theme.dark')}
        </button>
      </div>
      <ReplayBar />
    </header>
  );
}
