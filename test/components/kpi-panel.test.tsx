// @vitest-environment jsdom
/** The shared panel frame: a panel whose figures fail to render says why in its own box only. */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KpiPanel } from '../../src/panels/kpi/KpiPanel';
import type { KpiPanelData } from '../../src/panels/kpi/useKpis';
import { useUiStore } from '../../src/state/ui';
import { renderWithApi } from './render';

const ready: KpiPanelData = {
  status: 'ready',
  problem: null,
  invalid: null,
  byId: new Map(),
  groups: new Map(),
  flagged: [],
  asOf: new Date().toISOString(),
  refreshFailed: false,
};

function Broken(): never {
  throw new Error('breakdown has no rows');
}

describe('KpiPanel', () => {
  afterEach(cleanup);

  it('contains a rendering failure to its own panel and says what failed', () => {
    useUiStore.setState({ locale: 'zh-CN' });
    // React reports the caught error on the console; that is expected here.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    renderWithApi(
      <>
        <KpiPanel id="a" title="出错的面板" data={ready}>
          <Broken />
        </KpiPanel>
        <KpiPanel id="b" title="正常的面板" data={ready}>
          <p>正常内容</p>
        </KpiPanel>
      </>,
    );
    quiet.mockRestore();
    const broken = screen.getByRole('region', { name: '出错的面板' });
    expect(within(broken).getByRole('status').textContent).toBe('本面板显示出错：breakdown has no rows');
    expect(within(screen.getByRole('region', { name: '正常的面板' })).getByText('正常内容')).toBeTruthy();
  });

  it('shows the empty state in words when the area has none of its indicators', () => {
    useUiStore.setState({ locale: 'en' });
    renderWithApi(
      <KpiPanel id="c" title="Empty" data={{ ...ready, status: 'empty' }}>
        <p>never shown</p>
      </KpiPanel>,
    );
    const panel = screen.getByRole('region', { name: 'Empty' });
    expect(panel.textContent).toContain('No data for this area.');
    expect(panel.textContent).not.toContain('never shown');
  });
});
