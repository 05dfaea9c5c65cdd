/** Export files and saved views, without a browser. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { LayerFeature } from '../../layers/kit/define';
import { type ExportLayer, parseCsv, toCsv, toGeoJson } from '../../src/analysis/exportData';
import { useCameraStore } from '../../src/state/camera';
import { useLayersStore } from '../../src/state/layers';
import {
  applyView,
  captureView,
  deleteView,
  loadViews,
  SAVED_VIEWS_KEY,
  saveView,
} from '../../src/state/savedViews';
import { useScopeStore } from '../../src/state/scope';

const feature = (id: string, name: string, extra: Record<string, unknown>): LayerFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [114.1, 22.6] },
  properties: { id, name, regionId: 'S1', ...extra },
});
const layer: ExportLayer = {
  layerId: 'kiosks',
  title: '自助区',
  fields: [
    { key: 'status', label: { 'zh-CN': '状态', en: 'Status' } },
    { key: 'dailyUses', label: { 'zh-CN': '日均使用', en: 'Daily uses' } },
  ],
  features: [
    feature('k1', 'A, "quoted"', { status: 'existing', dailyUses: 12 }),
    feature('k2', '=cmd', { status: 'planned' }),
  ],
};

describe('export', () => {
  it('CSV: a header of field labels, one row per feature, safe quoting', () => {
    const rows = parseCsv(toCsv([layer], 'zh-CN'));
    expect(rows[0]).toEqual(['图层', '编号', '名称', '所属区域', '经度', '纬度', '状态', '日均使用']);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['自助区', 'k1', 'A, "quoted"', 'S1', '114.1', '22.6', 'existing', '12']);
    expect(rows[2]![2]).toBe("'=cmd"); // no spreadsheet formula
    expect(rows[2]![7]).toBe('');
  });
  it('GeoJSON: every feature with its layer and the CRS named', () => {
    const fc = JSON.parse(toGeoJson([layer], 'WGS84'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.metadata.crs).toBe('WGS84');
    expect(
      fc.features.map((f: { properties: { id: string; layer: string } }) => [
        f.properties.layer,
        f.properties.id,
      ]),
    ).toEqual([
      ['kiosks', 'k1'],
      ['kiosks', 'k2'],
    ]);
  });
});

describe('saved views', () => {
  beforeEach(() => {
    const mem = new Map<string, string>();
    globalThis.localStorage = {
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
      removeItem: (k: string) => void mem.delete(k),
      clear: () => mem.clear(),
      key: () => null,
      length: 0,
    } as Storage;
    useLayersStore.setState({
      on: ['kiosks'],
      opacity: { kiosks: 0.5 },
      filters: { kiosks: { status: ['existing'] } },
    });
    useScopeStore.setState({ regionId: '440307001' });
  });

  it('round-trips layers, filters, scope and camera through localStorage', () => {
    saveView(captureView('mine', new Date('2026-11-22T00:00:00Z')));
    const stored = JSON.parse(localStorage.getItem(SAVED_VIEWS_KEY)!);
    expect(stored.version).toBe(1);
    useLayersStore.setState({ on: [], opacity: {}, filters: {} });
    useScopeStore.setState({ regionId: null });
    const [view] = loadViews();
    applyView(view!);
    expect(useLayersStore.getState()).toMatchObject({
      on: ['kiosks'],
      opacity: { kiosks: 0.5 },
      filters: { kiosks: { status: ['existing'] } },
    });
    expect(useScopeStore.getState().regionId).toBe('440307001');
    expect(useCameraStore.getState().camera).toEqual(view!.camera);
  });

  it('replaces a view of the same name, deletes, and ignores unreadable storage', () => {
    saveView(captureView('a'));
    saveView(captureView('a'));
    saveView(captureView('b'));
    expect(loadViews().map((v) => v.name)).toEqual(['a', 'b']);
    expect(deleteView('a').map((v) => v.name)).toEqual(['b']);
    localStorage.setItem(SAVED_VIEWS_KEY, '{"version":0,"views":[1]}');
    expect(loadViews()).toEqual([]);
    localStorage.setItem(SAVED_VIEWS_KEY, 'not json');
    expect(loadViews()).toEqual([]);
  });
});
