// @vitest-environment jsdom
/**
 * Layers in a replay, as an operator reads the catalog (issue 22), against the mock API: the
 * demolition boundaries, whose earlier version the demo kept, lose the 当前数据 tag before
 * their revision and count and draw that version's boundaries (one in ten fewer); a layer
 * that kept no version says 当前数据 and keeps today's count; live, no row says either. What
 * reads a layer beside the map (an event's nearby resources, the planner's tools, the control
 * rings' counts) says so too.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR } from '@ioc/domain/time';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { demolitionRevisedAt } from '../../mock-server/history';
import { useCatalogEntries } from '../../src/catalog/entries';
import { useShown } from '../../src/catalog/shown';
import { LayerCatalog } from '../../src/panels/catalog/LayerCatalog';
import { DemolitionPanel } from '../../src/panels/kpi/DemolitionPanel';
import { SelfServicePanel } from '../../src/panels/kpi/SelfServicePanel';
import { EmergencyPanel } from '../../src/modes/emergency/EmergencyPanel';
import { EventDetail } from '../../src/panels/events/EventDetail';
import { Workbench } from '../../src/panels/planner/Workbench';
import { goLive, replayAt } from '../../src/state/clock';
import { useSelectionStore } from '../../src/state/selection';
import { testPipeline } from '../unit/events-pipeline';
import { useLayersStore } from '../../src/state/layers';
import { useScopeStore } from '../../src/state/scope';
import { useUiStore } from '../../src/state/ui';
import { renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));

/** The catalog with what is on shown, as the map panel wires it. */
function Catalog() {
  const { entries, query } = useCatalogEntries();
  const on = useLayersStore((s) => s.on);
  const shown = useShown(on);
  return <LayerCatalog entries={entries} catalogQuery={query} shown={shown.byId} />;
}

const row = (title: string) => {
  const item = screen.getByText(title, { selector: 'span' }).closest('li');
  if (!item) throw new Error(`no row ${title}`);
  return item as HTMLElement;
};
const rowText = (title: string) => row(title).textContent ?? '';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  goLive();
  useUiStore.setState({ locale: 'zh-CN', theme: 'dark', mode: 'operator' });
  useScopeStore.setState({ regionId: null });
  useLayersStore.setState({ on: [] });
});
afterEach(() => {
  goLive();
  cleanup();
});
afterAll(() => {
  server.close();
  api.close();
});

const panel = (title: string) => screen.getByRole('region', { name: title });

describe('layers in a replay', () => {
  it("the demolition panel counts the kept version and drops 当前数据; the kiosks' panel keeps it", async () => {
    const revised = demolitionRevisedAt(Date.now()) as number;
    renderWithApi(
      <>
        <DemolitionPanel />
        <SelfServicePanel />
      </>,
    );
    const phased = () =>
      within(panel('城市更新拆除')).getByRole('group', { name: /分期拆除范围/u }).textContent ?? '';
    await waitFor(() => expect(phased()).toContain('270'));
    act(() => replayAt(revised - HOUR));
    // 270 phased boundaries today; one in ten is the revision's, so 243 before it.
    await waitFor(() => expect(phased()).toContain('243'));
    expect(panel('城市更新拆除').textContent).not.toContain('当前数据');
    await waitFor(() => expect(panel('24 小时自助服务').textContent).toContain('当前数据'));
  });

  it('a layer with a kept version shows it as of the moment; one without says 当前数据', async () => {
    const revised = demolitionRevisedAt(Date.now()) as number;
    expect(revised).not.toBeNull();
    renderWithApi(<Catalog />);
    await waitFor(() => expect(rowText('拆除范围')).toContain('503 个'));
    expect(rowText('拆除范围')).not.toContain('当前数据');
    expect(rowText('24小时政务服务自助区')).not.toContain('当前数据');

    act(() => replayAt(revised - HOUR));
    // Before the revision: the kept version's count, no tag; the kiosks are today's and say so.
    await waitFor(() => expect(rowText('拆除范围')).toContain('453 个'));
    expect(rowText('拆除范围')).not.toContain('当前数据');
    expect(within(row('拆除范围')).getByText(/起的版本/u)).toBeTruthy();
    expect(rowText('24小时政务服务自助区')).toContain('当前数据');

    // Switched on, it draws that version: every boundary counted is shown (none of today's extra).
    act(() => useLayersStore.getState().setOn('demolition', true));
    await waitFor(() => expect(rowText('拆除范围')).not.toContain('加载中'), { timeout: 10_000 });
    await waitFor(() => expect(rowText('拆除范围')).toContain('453 个'));
    expect(rowText('拆除范围')).not.toMatch(/显示 \d+/u);

    // After the revision: today's boundaries, the current version valid since then, no tag.
    act(() => replayAt(revised + HOUR));
    await waitFor(() => expect(rowText('拆除范围')).toContain('503 个'));
    expect(rowText('拆除范围')).not.toContain('当前数据');
    expect(rowText('拆除范围')).not.toMatch(/显示 \d+/u);
  });

  it("an event's nearby resources, the rings and the planner's tool say when they count current data", async () => {
    const at = Date.now() - 3 * HOUR;
    // Open now (the live store keeps every open event) and known at the moment.
    const ev = [...api.store.values()].find(
      (e) => Date.parse(e.reportedAt) < at - HOUR && (e.status === 'reported' || e.status === 'handling'),
    );
    if (!ev) throw new Error('no event before the moment');
    const page = testPipeline();
    act(() => {
      page.events.ingest([...api.store.values()]);
      page.events.flush();
      useSelectionStore.getState().selectEvent(ev.id);
    });
    renderWithApi(
      <>
        <EventDetail />
        <EmergencyPanel />
        <Workbench />
      </>,
      null,
      {},
      page,
    );
    const nearby = () => screen.getByRole('region', { name: '周边资源' });
    await waitFor(() => expect(nearby().textContent).toContain('最近医院'), { timeout: 10_000 });
    const lines = nearby().querySelectorAll('dd').length;
    const rings = () => screen.getByRole('table', { name: '管控圈内资源' });
    const header = (name: RegExp) => within(rings()).getByRole('rowheader', { name });
    await waitFor(() => expect(header(/医院/u)).toBeTruthy(), { timeout: 10_000 });
    expect(rings().textContent).not.toContain('当前数据');
    expect(lines).toBeGreaterThan(1);
    expect(nearby().textContent).not.toContain('当前数据');
    expect(screen.queryByText(/本工具使用的是当前数据/u)).toBeNull();

    act(() => replayAt(at));
    // None of the layers nearby kept a version in the demo: every line counts today's sites.
    await waitFor(() => expect(within(nearby()).queryAllByText('当前数据')).toHaveLength(lines), {
      timeout: 10_000,
    });
    expect(within(nearby()).getAllByTitle(/没有保留的版本/u)).toHaveLength(lines);
    // The rings count today's hospitals and kiosks, but the events and residents of the moment.
    const marked = (name: RegExp) => header(name).textContent?.includes('没有保留的版本');
    expect(marked(/医院/u)).toBe(true);
    expect(marked(/自助服务点/u)).toBe(true);
    expect(marked(/在办事件/u)).toBe(false);
    expect(marked(/人口/u)).toBe(false);
    expect(rings().textContent).toContain('* 当前数据');
    // The planner's coverage tool counts today's kiosks, and names them.
    expect(screen.getByText(/回放中：24小时政务服务自助区在该时刻没有保留的版本/u).getAttribute('role')).toBe(
      'status',
    );

    act(() => goLive());
    await waitFor(() => expect(within(nearby()).queryAllByText('当前数据')).toHaveLength(0));
    expect(rings().textContent).not.toContain('当前数据');
    expect(screen.queryByText(/本工具使用的是当前数据/u)).toBeNull();
    page.stop();
  }, 30_000);
});
