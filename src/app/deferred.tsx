/**
 * A component whose code loads beside the map rather than before it: the first frame needs
 * only the map's code, and each panel's chunk arrives while the map draws. Until then the
 * panel says it is loading.
 *
 * Not React.lazy: a lazy component is revealed by a Suspense retry, a low-priority render
 * that every store update and map frame restarts; at start-up, with the stream filling and
 * the map compiling its shaders on two cores, that kept every panel behind its "loading"
 * for seconds after its code had arrived. Here the arrival is an ordinary state update,
 * rendered in one go with whatever else is pending.
 */
import { type ComponentType, type ReactNode, useEffect, useState } from 'react';
import { useT } from '../i18n';

function Loading() {
  const t = useT();
  return (
    <p className="panel-loading" role="status">
      {t('app.loading')}
    </p>
  );
}

// biome-ignore lint/suspicious/noExplicitAny: any component's props pass through unchanged
export function deferred<P extends Record<string, any>>(
  load: () => Promise<ComponentType<P>>,
  /** What shows meanwhile; null for a component that often draws nothing anyway. */
  fallback: ReactNode = <Loading />,
) {
  let loaded: ComponentType<P> | null = null;
  let failed: { error: unknown } | null = null;
  let loading: Promise<void> | null = null;
  const start = () => {
    loading ??= load().then(
      (component) => {
        loaded = component;
      },
      (error: unknown) => {
        failed = { error };
      },
    );
    return loading;
  };
  function Deferred(props: P) {
    const [, arrived] = useState(0);
    // What this first render drew: the chunk may arrive between the render (which drew the
    // fallback) and the effect, and the effect must still render the panel then. Checking
    // `loaded` again in the effect returned early in that window and left the panel on
    // "loading" for good (a hang the cold-start bench and the screens test met on busy cores).
    const drewFallback = !loaded && !failed;
    useEffect(() => {
      if (!drewFallback) return;
      let mounted = true;
      void start().then(() => mounted && arrived((n) => n + 1));
      return () => {
        mounted = false;
      };
    }, [drewFallback]);
    // A chunk that failed to load fails the render, as a lazy component would: the nearest
    // error boundary says so.
    if (failed) throw failed.error;
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : fallback;
  }
  /** Asks for the code now; a component whose code is here before it first renders shows at once. */
  Deferred.preload = start;
  return Deferred;
}
