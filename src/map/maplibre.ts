/**
 * MapLibre 6 has no default export and needs its worker named explicitly; Vite hands us
 * a URL for the self-contained worker module so it is served from our own origin.
 */
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

setWorkerUrl(workerUrl);

export { Map as MapLibreMap } from 'maplibre-gl';
