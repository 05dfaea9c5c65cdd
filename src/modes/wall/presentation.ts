import type { WallConfig } from '../../api/config';

export interface Screen {
  width: number;
  height: number;
}

/**
 * Whether the wall runs as the wall (design canvas + tour) or as a plain view. A wall is
 * opened as `?mode=wall` (no camera in the link) and marks its URL `tour=on`, so a reload
 * stays the wall; a shared link that names a camera (`c=`) without `tour=on` shows that
 * view as it was shared, held still, at the window's own size. An address that names no
 * mode is the canvas only where it fits: on a screen at least the design size, or where the
 * deployment says so (`wall.canvas`); a desk monitor gets the desk layout, at desk type sizes.
 */
export function isWallPresentation(
  search: string,
  wall: Pick<WallConfig, 'canvas' | 'designSize'>,
  screen: Screen,
): boolean {
  const p = new URLSearchParams(search);
  if (p.get('tour') === 'on') return true;
  if (p.has('c')) return false;
  if (p.has('mode')) return true;
  if (wall.canvas !== 'auto') return wall.canvas === 'always';
  return screen.width >= wall.designSize.width && screen.height >= wall.designSize.height;
}

/** Marks the address as a wall (replaceState: no history entry). */
export function markWallUrl(): void {
  const url = new URL(window.location.href);
  if (url.searchParams.get('tour') === 'on') return;
  url.searchParams.set('tour', 'on');
  window.history.replaceState(null, '', url.search.replace(/%2C/g, ',').replace(/%3A/g, ':') + url.hash);
}
