// @vitest-environment jsdom
/**
 * The administration page's words when the API says no: a list that cannot be read is a
 * failure in words, never an empty table (the in-browser demo has no administrator, so the
 * mock refuses every list), and a refused change says why in the server's words while the
 * form keeps what was typed.
 */
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { AdminPage } from '../../src/admin/AdminPage';
import { useUiStore } from '../../src/state/ui';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));

beforeAll(() => {
  useUiStore.setState({ locale: 'zh-CN' });
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('the administration page', () => {
  it('says each list could not be read, in the server words, instead of showing it empty', async () => {
    renderWithApi(<AdminPage />);
    const user = userEvent.setup();
    for (const [tab, what] of [
      ['账号', 'accounts'],
      ['会话', 'sessions'],
      ['大屏设备', 'devices'],
      ['机器令牌', 'machine tokens'],
    ] as const) {
      await user.click(screen.getByRole('tab', { name: tab }));
      const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
      expect(alert.textContent).toContain('加载失败');
      expect(alert.textContent).toContain(`${what} need an administrator signed in`);
      expect(screen.queryByRole('table')).toBeNull();
    }
  });

  it('keeps what was typed and says why when the server refuses a new account', async () => {
    server.use(
      http.get(`${API_BASE}/users`, () => HttpResponse.json({ items: [] })),
      http.post(`${API_BASE}/users`, () =>
        HttpResponse.json(
          { error: { code: 'conflict', message: 'the login "pinghu01" is taken' } },
          { status: 409 },
        ),
      ),
    );
    renderWithApi(<AdminPage />);
    const user = userEvent.setup();
    const form = screen.getByRole('form', { name: '新建账号' });
    await user.type(within(form).getByRole('textbox', { name: '账号' }), 'pinghu01');
    await user.type(within(form).getByRole('textbox', { name: '姓名' }), '平湖值班员');
    await user.selectOptions(within(form).getByRole('combobox', { name: '角色' }), 'street');
    const region = within(form).getByRole('combobox', { name: '区域' });
    await within(region).findByRole('option', { name: '平湖街道' }, { timeout: 5000 });
    await user.selectOptions(region, '440307001');
    await user.type(within(form).getByLabelText('密码'), 'a-long-enough-password');
    await user.click(within(form).getByRole('button', { name: '创建账号' }));
    const refused = await screen.findByText(/操作未完成/u, {}, { timeout: 5000 });
    expect(refused.textContent).toContain('the login "pinghu01" is taken');
    expect(within(form).getByRole('textbox', { name: '账号' })).toHaveProperty('value', 'pinghu01');
    expect(await screen.findByText('还没有账号。')).toBeTruthy();
  }, 20_000);
});
