/**
 * The first view's tiles of each tiled layer, asked for once the map's element has its size
 * and before the first screen is handed to deck.gl (tilePrefetch.ts says why; its code is a
 * chunk of its own, loaded only where a layer is tiled).
 */
import { type RefObject, useEffect } from 'react';
import type { LayerTiles } from '@ioc/contract/contract';
import { useApi } from '../api/context';
import { useCameraStore } from '../state/camera';
import { useScopeStore } from '../state/scope';
import { tileTemplate } from './tiles';

/**
 * Before the first screen is handed to deck.gl (`handed` false), asks for the tiles of each
 * tiled layer's first view, sized by the map's element. Not in a scope the map is about to
 * frame (its camera is not yet the one the tiles will be drawn at).
 */
export function usePrefetchedTiles(
  layers: readonly { tiled: boolean; entry: { info?: { tiles?: LayerTiles } } }[],
  element: RefObject<HTMLElement | null>,
  handed: boolean,
): void {
  const { config, client } = useApi();
  const scopeId = useScopeStore((s) => s.regionId);
  const tiled = layers.flatMap((l) => (l.tiled && l.entry.info?.tiles ? [l.entry.info.tiles] : []));
  const key = JSON.stringify(tiled);
  useEffect(() => {
    const el = element.current;
    const { camera, fromAddress } = useCameraStore.getState();
    if (handed || !el || (scopeId && !fromAddress)) return;
    const all = JSON.parse(key) as LayerTiles[];
    if (all.length === 0) return;
    const size = { width: el.clientWidth, height: el.clientHeight };
    void import('./tilePrefetch').then((m) => {
      for (const tiles of all)
        m.prefetchView(
          tileTemplate(config.apiBaseUrl, tiles, scopeId),
          tiles,
          camera,
          size,
          client.headers(),
        );
    });
  }, [key, handed, element, scopeId, config, client]);
}
