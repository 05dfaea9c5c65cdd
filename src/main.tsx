/**
 * Start-up: read config.json, start the embedded mock API when the config asks for it,
 * restore the user's choices from the URL, then render.
 */
import '@ioc/contract/zodConfig';
// First: every component's stylesheet comes after the tokens and base rules it refines.
import './app/styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type ApiClient, createApiClient } from './api/client';
import { type AppConfig, ConfigError, loadConfig } from './api/config';
import { withDemoConsole } from './modes/operator/demoConsole';
import { ApiProvider } from './api/context';
import { PipelineProvider } from './pipeline/context';
import type { LiveEvents } from './pipeline/events';
import { createEventPipeline } from './pipeline/pipeline';
import { App } from './app/App';
import { preloadSidePanels } from './modes/lazyPanels';
import { boundRegionOf } from './panels/events/boundRegion';
import { ConfigErrorPage } from './app/ConfigErrorPage';
import { prefetchFirstScreen } from './app/prefetch';
import { setTimeZone } from './i18n/dates';
import { translate } from './i18n';
import { preloadBasemapStyle } from './map/basemap';
import { useCameraStore } from './state/camera';
import { replayAt } from './state/clock';
import { registry } from './catalog/registry';
import { loadAggregation } from '../layers/kit/aggregation';
import { kpiQueryFn, kpiQueryKey } from './panels/kpi/kpiQuery';
import { useLayersStore } from './state/layers';
import { useEmergencyStore } from './state/emergency';
import { useScopeStore } from './state/scope';
import { useSelectionStore } from './state/selection';
import { useTourStore } from './state/tour';
import { useUiStore } from './state/ui';
import { parseUrlState, syncUrlWithStores } from './state/url';
import { mayBeSignedIn, readSession, readSessionOptions } from './session/api';
import { modeIsFixed, withSession } from './session/person';
import { asksForWall, pairingClient } from './session/pairing';
import { ssoFailure } from './session/ssoFailure';
import { noteUnauthorized, useSessionStore } from './session/store';

const root = createRoot(document.getElementById('root')!);

function applyChoices(config: AppConfig, fixedMode = false): void {
  const fromUrl = parseUrlState(window.location.search);
  const mode = fixedMode ? config.defaultMode : (fromUrl.mode ?? config.defaultMode);
  useUiStore.setState({
    mode,
    locale: fromUrl.locale ?? config.locale,
    theme: fromUrl.theme ?? config.theme,
  });
  useCameraStore.setState({
    camera: fromUrl.camera ?? { ...config.camera, bearing: 0, pitch: 0 },
    fromAddress: fromUrl.camera !== undefined,
  });
  useScopeStore.setState({ regionId: fromUrl.scope ?? null });
  const scene = config.wall.scenes.findIndex((s) => s.id === fromUrl.scene);
  if (scene >= 0) useTourStore.setState({ index: scene });
  if (fromUrl.emergency) useEmergencyStore.getState().setOn(true);
  if (fromUrl.event) useSelectionStore.getState().selectEvent(fromUrl.event);
  // A link to a moment opens the replay there; the timeline stays closed until asked for.
  if (fromUrl.t !== undefined) replayAt(fromUrl.t, false);
  useLayersStore.setState({
    on:
      fromUrl.layers?.on ??
      (mode === 'planner'
        ? config.planner.layers
        : registry.filter((d) => d.defaultVisible).map((d) => d.id)),
    opacity: fromUrl.layers?.opacity ?? {},
    filters: fromUrl.layers?.filters ?? {},
    ranks: Object.fromEntries(registry.map((d) => [d.id, d.order])),
  });
}

async function startEmbeddedMock(config: AppConfig): Promise<void> {
  // Loaded only when asked for, so a production deployment never downloads the mock.
  const { startMockWorker } = await import('../mock-server/browser');
  await startMockWorker({
    seed: config.embeddedMock.seed,
    layerScale: config.embeddedMock.layerScale,
    eventRate: config.embeddedMock.eventRate,
    workerUrl: new URL('mockServiceWorker.js', document.baseURI).toString(),
  });
}

/** The longest the first render waits for the first screen's requests to go out. */
const FIRST_REQUESTS_WAIT_MS = 300;

/** Prompt recovery is worth one round of refetches per this long, however often it is asked for. */
const RECOVER_EVERY_MS = 10_000;

/**
 * Retries back off up to the discipline's ceiling, so after an outage a panel could wait
 * that long to notice the API is back. When the event stream goes live again after losing
 * contact, or the browser says the network is back, every query that failed (or is
 * waiting to retry) is fetched again at once; a stream that flaps cannot make this a storm.
 */
function recoverPromptly(queryClient: QueryClient, client: ApiClient, events: LiveEvents): void {
  let last = Number.NEGATIVE_INFINITY;
  const refetchFailed = () => {
    if (Date.now() - last < RECOVER_EVERY_MS) return;
    last = Date.now();
    client.discipline.recovered();
    void queryClient.refetchQueries({
      predicate: (q) => q.state.status === 'error' || q.state.fetchFailureCount > 0,
    });
  };
  events.store.subscribe((s, prev) => {
    if (
      s.connection.phase === 'live' &&
      prev.connection.phase !== 'live' &&
      prev.connection.lastContactAt !== null
    )
      refetchFailed();
  });
  window.addEventListener('online', refetchFailed);
}

/**
 * Who the app is for, decided before anything loads, since a person's role and region shape
 * the whole app: a configured token (sessions play no part but in the demo), the signed-in person, or nobody
 * (the demo's anonymous viewing; elsewhere the sign-in page).
 */
async function whoFor(config: AppConfig) {
  // The demo's own token (`npm start` gives the wall the district's) still lets a visitor sign
  // in: a signed-in person's requests then go without it (src/session/person.ts).
  if (config.apiToken && !config.demo) {
    useSessionStore.setState({ sessionless: true });
    return null;
  }
  if (config.demo && !mayBeSignedIn()) {
    // The demo's anonymous visitor: nothing to wait for (the first screen's requests go out at
    // once); the options only add 登录 to the header when they arrive.
    void readSessionOptions(config.apiBaseUrl).then((options) =>
      useSessionStore.setState(options ? { options } : { sessionless: true }),
    );
    return null;
  }
  // An API without sessions, or one that cannot answer now (null options), is read as before.
  const options = await readSessionOptions(config.apiBaseUrl);
  if (!options) {
    useSessionStore.setState({ sessionless: true });
    return null;
  }
  // The demo's visitor who never signed in here is nobody: no GET /session (and no 401) to ask.
  const person =
    options.demo && !mayBeSignedIn() && !ssoFailure ? null : await readSession(config.apiBaseUrl);
  // A refused single sign-on shows the sign-in page with why, on the demo too.
  const signIn = person ? null : options.demo ? (ssoFailure ? 'asked' : null) : 'required';
  useSessionStore.setState({ person, options, signIn });
  return person;
}

async function start(): Promise<void> {
  let config: AppConfig;
  try {
    config = await loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const locale = navigator.language.startsWith('zh') ? 'zh-CN' : 'en';
    root.render(<ConfigErrorPage problem={e.problem} locale={locale} />);
    return;
  }
  if (config.embeddedMock.enabled) await startEmbeddedMock(config);
  const person = await whoFor(config);
  config = person ? withSession(config, person) : withDemoConsole(config, window.location.search);
  setTimeZone(config.timeZone);
  applyChoices(config, person !== null && modeIsFixed(person));
  if (useSessionStore.getState().signIn === 'required') {
    // Nothing here is shown to nobody: the sign-in page alone, none of the app's requests.
    // A wall pairs instead: nobody types a password on a wall.
    // Their code loads only here: a session's first frame does not carry it.
    if (asksForWall(window.location.search)) {
      const { PairingPage } = await import('./session/PairingPage');
      root.render(
        <StrictMode>
          <PairingPage client={pairingClient(config.apiBaseUrl)} />
        </StrictMode>,
      );
      return;
    }
    const { SignInPage } = await import('./session/SignInPage');
    root.render(
      <StrictMode>
        <SignInPage base={config.apiBaseUrl} />
      </StrictMode>,
    );
    return;
  }
  // Every mode opens on its map, whose style need not wait for the first render.
  const { theme, locale } = useUiStore.getState();
  preloadBasemapStyle(config.basemap, theme, translate(locale, 'map.attribution.embedded'));
  syncUrlWithStores(config.wall.scenes.map((s) => s.id));
  const client = createApiClient(config.apiBaseUrl, config.apiToken, undefined, noteUnauthorized);
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // Every failure is retried, on the shared backoff and the path's hold (see
        // src/api/discipline.ts): bounded, so nothing hammers the API, and never given up,
        // so every panel recovers by itself within seconds of the API being well again.
        retry: true,
        retryDelay: (count, error) => client.discipline.retryDelay(count, error),
        refetchOnWindowFocus: false,
      },
    },
  });
  // The page's one event pipeline: the views read it through PipelineProvider.
  const pipeline = createEventPipeline({
    client,
    region: boundRegionOf(config),
    heartbeatMs: config.streamHeartbeatMs,
  });
  recoverPromptly(queryClient, client, pipeline.events);
  // The KPI column's code arrives beside the map's (app/deferred.tsx); its figures need not
  // wait for it.
  const scope = useScopeStore.getState().regionId;
  void queryClient.prefetchQuery({ queryKey: kpiQueryKey(scope), queryFn: kpiQueryFn(client, scope) });
  const requestsOut = prefetchFirstScreen(queryClient, client, config);
  // The stream, the event list and the action queue start beside the first screen's
  // requests: started from a component's effect after React's first commit, the list went
  // out half a second later, behind the map's first frames. Their code is not the first frame's.
  void pipeline.start();
  // React's first render (a few hundred ms on two cores) waits until the layers' requests
  // are out, a round trip for the catalog, so the API works on them meanwhile; rendered
  // first, the catalog's answer waited behind it and the features went out that much later.
  // The side panels' code is asked for meanwhile, so the first render draws their figures
  // rather than "loading" and a second render after the map has taken the main thread.
  const mode = useUiStore.getState().mode;
  const panels = mode === 'planner' ? Promise.resolve() : preloadSidePanels();
  await Promise.race([
    Promise.all([requestsOut, panels, loadAggregation()]),
    new Promise((r) => setTimeout(r, FIRST_REQUESTS_WAIT_MS)),
  ]);
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ApiProvider value={{ client, config }}>
          <PipelineProvider pipeline={pipeline}>
            <App />
          </PipelineProvider>
        </ApiProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

void start();
