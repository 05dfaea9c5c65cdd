// @vitest-environment jsdom
/** The planner's workbench against the mock API: tabs, tables with captions, scope on click, map overlays. */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { useOverlaysStore } from '../../src/map/overlays';
import { Workbench } from '../../src/panels/planner/Workbench';
import { useScopeStore } from '../../src/state/scope';
import { useUiStore } from '../../src/state/ui';
import { renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));

describe('planner workbench', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    useUiStore.setState({ locale: 'zh-CN', theme: 'dark' });
    useScopeStore.setState({ regionId: null });
  });
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
    api.close();
  });

  it('shows the coverage by street, draws it on the map, and a street click scopes the app', async () => {
    renderWithApi(<Workbench />);
    const tabs = within(screen.getByRole('tablist', { name: '分析工具' })).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      '15分钟圈',
      '医疗配置',
      '框选统计',
      '5G建设',
      '导出',
      '视图',
      '对比',
    ]);
    expect(tabs[0]).toHaveProperty('ariaSelected', 'true');
    const table = await screen.findByRole('table', { name: '各街道15分钟圈人口覆盖率' }, { timeout: 10_000 });
    expect(within(table).getAllByRole('row')).toHaveLength(12); // header + 11 streets
    expect(useOverlaysStore.getState().byOwner.planner?.map((l) => l.id)).toContain(
      'planner-coverage-samples',
    );
    await userEvent.click(within(table).getByRole('button', { name: '定位到平湖街道' }));
    expect(useScopeStore.getState().regionId).toBe('440307001');
  });

  it('shows what the planned kiosks would add to the coverage', async () => {
    renderWithApi(<Workbench />);
    const table = await screen.findByRole('table', { name: '各街道15分钟圈人口覆盖率' }, { timeout: 10_000 });
    const districtShare = () => {
      const m = /全区覆盖 ([\d.]+)/.exec(document.querySelector('.planner__summary')!.textContent ?? '');
      return Number(m?.[1]);
    };
    const before = districtShare();
    expect(before).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('checkbox', { name: /计入规划新增的 16 个自助区/ }));
    await waitFor(() => expect(districtShare()).toBeGreaterThan(before));
    expect(document.querySelector('.planner__summary')!.textContent).toContain('另计规划新增 16 个');
    expect(within(table).getAllByRole('row')).toHaveLength(12);
  });

  it('leaves out a layer drawn from vector tiles, says so, and never asks for its features', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      asked.push(new URL(request.url).pathname);
    });
    // The 5G layer (10,346 stations) is over this threshold, so the map would draw it from tiles.
    renderWithApi(<Workbench />, null, { tilesAboveFeatures: 5000 });
    await userEvent.click(screen.getByRole('tab', { name: '5G建设' }));
    await waitFor(() => expect(screen.getByText(/5G基站数据量过大/)).toBeTruthy(), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    server.events.removeAllListeners();
    expect(asked).toContain('/api/v1/layers');
    expect(asked.filter((p) => p.includes('5g-stations/features'))).toEqual([]);
  });

  it('switches tabs with the arrow keys and keeps one overlay at a time', async () => {
    renderWithApi(<Workbench />);
    screen.getByRole('tab', { name: '15分钟圈' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: '医疗配置' })).toHaveProperty('ariaSelected', 'true');
    const table = await screen.findByRole(
      'table',
      { name: '各街道每万人床位数与医生数' },
      { timeout: 10_000 },
    );
    expect(within(table).getAllByRole('row')).toHaveLength(13); // header + 11 streets + total
    await waitFor(() =>
      expect(useOverlaysStore.getState().byOwner.planner?.map((l) => l.id)).toEqual([
        'planner-medical-choropleth',
      ]),
    );
  });
});
