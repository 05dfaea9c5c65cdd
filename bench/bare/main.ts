/**
 * The baseline the benchmarks compare against: the practical limit for this stack. A bare
 * MapLibre + deck.gl page, no React, no stores, no validation, drawing the same 5G stations
 * from the same API with binary attributes (typed arrays), on the same basemap; with
 * `tiles=1`, the same stations as vector tiles in a plain MVTLayer; with `layers=same`, the
 * app's first-screen layers (sameLayers.ts), the stations as tiles when `tiles=1` too.
 */
import type { Layer } from '@deck.gl/core';
import { MVTLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import gcoord from 'gcoord';
import { loadBasemapStyle } from '../../src/map/basemap';
import { MapLibreMap } from '../../src/map/maplibre';

const q = new URLSearchParams(location.search);
const api = q.get('api')!;
const styleUrl = new URL(q.get('style')!, location.href).toString();
const [lng, lat, zoom] = (q.get('c') ?? '114.19,22.69,12.6').split(',').map(Number) as [
  number,
  number,
  number,
];

// `box=x,y,w,h`: the map placed and sized as the app's is in a page of the app's size, so
// both pages compose the same window (software WebGL composes every pixel of it each frame).
const box = q.get('box')?.split(',').map(Number);
if (box?.length === 4) {
  const [left, top, width, height] = box as [number, number, number, number];
  Object.assign(document.getElementById('map')!.style, {
    position: 'absolute',
    left: `${left}px`,
    top: `${top}px`,
    width: `${width}px`,
    height: `${height}px`,
  });
}

const map = new MapLibreMap({
  container: 'map',
  style: await loadBasemapStyle({ type: 'style', url: styleUrl, crs: 'WGS84' }, 'dark'),
  center: [lng, lat],
  zoom,
  canvasContextAttributes: { preserveDrawingBuffer: true },
});
let drawn = false;
const overlay = new MapboxOverlay({
  interleaved: false,
  layers: [],
  onAfterRender: () => {
    if (drawn && performance.getEntriesByName('bare:map-ready').length === 0)
      performance.mark('bare:map-ready');
  },
});
map.addControl(overlay);

if (q.get('tiles') === '1') {
  // Beyond what GeoJSON can carry (1 M stations): the same tiles the app draws, as plain
  // binary MVT, coloured by status like the GeoJSON baseline; with `layers=same`, under the
  // app's boundaries and names. Drawn once the view's tiles are in and the boundaries on: the
  // tiles are asked for at once, beside the regions (as the app asks for both at start).
  const withBoundaries = q.get('layers') === 'same';
  let tilesIn = false;
  let boundariesOn = !withBoundaries;
  const tiles = new MVTLayer({
    id: 'stations',
    data: `${api}/layers/5g-stations/tiles/{z}/{x}/{y}.mvt`,
    loadOptions: { mvt: { workerUrl: mvtWorkerUrl } },
    pointType: 'circle',
    getPointRadius: 4,
    pointRadiusUnits: 'pixels',
    getFillColor: (f: { properties: { status?: string } }) =>
      f.properties.status === 'on-air' ? [0, 158, 115, 230] : [86, 180, 233, 230],
    onViewportLoad: () => {
      tilesIn = true;
      drawn = boundariesOn;
    },
  });
  overlay.setProps({ layers: [tiles] });
  if (withBoundaries) {
    const { boundariesOver } = await import('./sameLayers');
    const layers: Layer[] = await boundariesOver(api, zoom, [tiles]);
    boundariesOn = true;
    drawn = tilesIn;
    overlay.setProps({ layers });
  }
} else if (q.get('layers') === 'same') {
  const { sameLayers } = await import('./sameLayers');
  const layers = await sameLayers(api, zoom);
  drawn = true;
  overlay.setProps({ layers });
} else {
  await drawFeatures();
}

async function drawFeatures(): Promise<void> {
  const fc = (await (await fetch(`${api}/layers/5g-stations/features`)).json()) as {
    features: { geometry: { coordinates: [number, number] }; properties: { status: string } }[];
  };
  const n = fc.features.length;
  const positions = new Float32Array(n * 2);
  const colors = new Uint8Array(n * 4);
  fc.features.forEach((f, i) => {
    const [x, y] = gcoord.transform(f.geometry.coordinates, gcoord.GCJ02, gcoord.WGS84) as [number, number];
    positions[i * 2] = x;
    positions[i * 2 + 1] = y;
    colors.set(f.properties.status === 'on-air' ? [0, 158, 115, 230] : [86, 180, 233, 230], i * 4);
  });
  drawn = true;
  overlay.setProps({
    layers: [
      new ScatterplotLayer({
        id: 'stations',
        data: {
          length: n,
          attributes: {
            getPosition: { value: positions, size: 2 },
            getFillColor: { value: colors, size: 4 },
          },
        },
        getRadius: 4,
        radiusUnits: 'pixels',
      }),
    ],
  });
  (window as unknown as { bareCount: number }).bareCount = n;
}
