import { useEffect, useState } from 'react';
import { useAdminStore } from '../admin/store';
import { useApi } from '../api/context';
import { useT } from '../i18n';
import { EmergencyRuntime } from '../modes/emergency/EmergencyRuntime';
import { isWallPresentation } from '../modes/wall/presentation';
import { WallMode } from '../modes/WallMode';
import { EventsRuntime } from '../panels/events/EventsRuntime';
import { WallAlert } from '../panels/events/WallAlert';
import { useSessionStore } from '../session/store';
import { useUiStore } from '../state/ui';
import { deferred } from './deferred';
import { Header } from './Header';

// The wall is what the default config opens; the console and the planner (with its analysis
// and export code) load when a user switches to them, keeping the first frame's JavaScript small.
function ModeLoading() {
  const t = useT();
  return (
    <p className="app-body panel-loading" role="status">
      {t('app.loading')}
    </p>
  );
}
const OperatorMode = deferred(
  async () => (await import('../modes/OperatorMode')).OperatorMode,
  <ModeLoading />,
);
const PlannerMode = deferred(async () => (await import('../modes/PlannerMode')).PlannerMode, <ModeLoading />);
// Signing in again (asked, or a session that ended) is rare: its page loads when it is needed.
const SignInPage = deferred(async () => (await import('../session/SignInPage')).SignInPage, <ModeLoading />);
const AdminPage = deferred(async () => (await import('../admin/AdminPage')).AdminPage, <ModeLoading />);

export function App() {
  const t = useT();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const mode = useUiStore((s) => s.mode);
  // Decided once, from the address the app was opened with (see wall/presentation.ts).
  const { config } = useApi();
  const [presentation] = useState(() =>
    isWallPresentation(window.location.search, config.wall, {
      width: window.innerWidth,
      height: window.innerHeight,
    }),
  );
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = theme;
    document.title = t('app.title');
  }, [locale, theme, t]);
  // The wall draws its own header and alert corner inside its design canvas.
  const wallCanvas = mode === 'wall' && presentation;
  // Someone is to sign in (asked for, required, or their session ended): the page instead of
  // panels full of 401s. The runtimes are left behind with the app; the action queue keeps
  // what waits in storage for the page that starts after sign-in.
  const signIn = useSessionStore((s) => s.signIn);
  // Administration replaces the mode's panels; the event runtimes keep running under it.
  const adminOpen = useAdminStore((s) => s.open);
  const role = useSessionStore((s) => s.person?.role);
  const admin = adminOpen && role === 'admin';
  const canvas = wallCanvas && !admin;
  if (signIn) return <SignInPage base={config.apiBaseUrl} />;
  return (
    <div className={`app app--${mode}${canvas ? ' app--canvas' : ''}${admin ? ' app--admin' : ''}`}>
      {!admin && (
        <a className="skip-link" href="#map">
          {t('app.skipToMap')}
        </a>
      )}
      {!canvas && <Header />}
      {admin && <AdminPage />}
      {!admin && mode === 'wall' && <WallMode presentation={presentation} />}
      {!admin && mode === 'operator' && <OperatorMode />}
      {!admin && mode === 'planner' && <PlannerMode />}
      {!admin && mode === 'wall' && !wallCanvas && <WallAlert />}
      <EventsRuntime />
      <EmergencyRuntime />
    </div>
  );
}
