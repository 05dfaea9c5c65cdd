/**
 * A component whose code loads beside the map rather than before it: the first frame needs
 * only the map's code, and each panel's chunk arrives while the map draws. Until then the
 * panel says it is loading.
 */
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
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
  const Lazy = lazy(async () => ({ default: await load() }));
  return function Deferred(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
