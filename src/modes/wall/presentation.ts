/**
 * Whether the wall runs as the wall (design canvas + tour) or as a plain view. A wall is
 * opened as `?mode=wall` (no camera in the link) and marks its URL `tour=on`, so a reload
 * stays the wall; a shared link that names a camera (`c=`) without `tour=on` shows that
 * view as it was shared, held still, at the window's own size.
 */
export function isWallPresentation(search: string): boolean {
  const p = new URLSearchParams(search);
  return p.get('tour') === 'on' || !p.has('c');
}

/** Marks the address as a wall (replaceState: no history entry). */
export function markWallUrl(): void {
  const url = new URL(window.location.href);
  if (url.searchParams.get('tour') === 'on') return;
  url.searchParams.set('tour', 'on');
  window.history.replaceState(null, '', url.search.replace(/%2C/g, ',').replace(/%3A/g, ':') + url.hash);
}
