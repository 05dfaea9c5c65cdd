// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { Header } from '../../src/app/Header';
import { KpiColumn } from '../../src/panels/kpi/KpiColumn';
import { useUiStore } from '../../src/state/ui';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));

describe('Header', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => useUiStore.setState({ locale: 'zh-CN', theme: 'dark' }));
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
    api.close();
  });

  it("shows the operations center's name from the API and that the API is online", async () => {
    renderWithApi(<Header />);
    const meta = (await (await fetch(`${API_BASE}/meta`)).json()) as { name: string };
    expect(await screen.findByRole('heading', { name: meta.name })).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole('status', { name: '数据接口' }).textContent).toContain('接口正常'),
    );
  });

  it('explains a payload that breaks the contract in words, without crashing', async () => {
    server.use(http.get(`${API_BASE}/meta`, () => HttpResponse.json({ name: 'x', crs: 'EPSG:3857' })));
    renderWithApi(<Header />);
    await waitFor(() =>
      expect(screen.getByRole('status', { name: '数据接口' }).textContent).toContain(
        '数据接口返回的数据不符合约定',
      ),
    );
  });

  it('says part of the data is failing, and which, while the API itself answers', async () => {
    server.use(
      http.get(`${API_BASE}/kpis`, () =>
        HttpResponse.json({ error: { code: 'internal', message: 'kpi store down' } }, { status: 503 }),
      ),
    );
    renderWithApi(
      <>
        <Header />
        <KpiColumn />
      </>,
      null,
      { refresh: { kpiMs: 1000 } },
    );
    const status = () => screen.getByRole('status', { name: '数据接口' }).textContent;
    await waitFor(() => expect(status()).toContain('部分数据异常'));
    expect(status()).toContain('加载失败：指标');
    expect(status()).not.toContain('接口正常');
    // The indicators answer again: so does the header, without a reload.
    server.resetHandlers();
    await waitFor(() => expect(status()).toContain('接口正常'), { timeout: 5000 });
    expect(status()).not.toContain('加载失败');
  });

  it('switches the interface to English with the language button', async () => {
    renderWithApi(<Header />);
    await userEvent.click(screen.getByRole('button', { name: '语言' }));
    expect(useUiStore.getState().locale).toBe('en');
    expect(await screen.findByRole('status', { name: 'Data API' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Theme' }).textContent).toBe('Light');
  });
});
