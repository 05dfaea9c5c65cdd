// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { DEMO_PASSWORD } from '../../mock-server/people';
import { SessionControl } from '../../src/session/SessionControl';
import { SignInPage } from '../../src/session/SignInPage';
import { useSessionStore } from '../../src/session/store';
import { useUiStore } from '../../src/state/ui';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));
const REAL = { demo: false, demoAccounts: [] };

function open(options: object = REAL, reason: 'required' | 'asked' | 'expired' = 'required') {
  useSessionStore.setState({ person: null, options: options as never, signIn: reason, sessionless: false });
  const onSignedIn = vi.fn();
  render(<SignInPage base={API_BASE} onSignedIn={onSignedIn} />);
  return onSignedIn;
}

async function signInWith(login: string, password: string) {
  await userEvent.type(screen.getByRole('textbox', { name: '账号' }), login);
  await userEvent.type(screen.getByLabelText('密码'), password);
  await userEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('the sign-in page', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => useUiStore.setState({ locale: 'zh-CN' }));
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
    api.close();
  });

  it('signs in with an account and a password, and offers no demo accounts outside the demo', async () => {
    let sent: unknown = null;
    server.use(
      http.post(`${API_BASE}/session`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({
          id: 'u1',
          login: 'pinghu01',
          name: '平湖值班员',
          role: 'street',
          regionId: '440307001',
          regionName: '平湖街道',
          regionLevel: 'street',
          canAct: true,
          expiresAt: '2026-12-06T20:00:00+08:00',
        });
      }),
    );
    const signedIn = open();
    expect(screen.getByRole('heading', { name: '登录' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: '演示账号' })).toBeNull();
    expect(screen.queryByRole('link', { name: '统一身份认证登录' })).toBeNull();
    await signInWith('pinghu01', 'correct horse battery');
    await waitFor(() => expect(signedIn).toHaveBeenCalledWith('required'));
    expect(sent).toEqual({ login: 'pinghu01', password: 'correct horse battery' });
  });

  it("says the server's words on a wrong password, and the wait on too many tries", async () => {
    server.use(
      http.post(`${API_BASE}/session`, () =>
        HttpResponse.json(
          { error: { code: 'unauthorized', message: 'the login or the password is wrong' } },
          { status: 401 },
        ),
      ),
    );
    const signedIn = open();
    await signInWith('pinghu01', 'wrong password!');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('账号或密码错误（401）');
    expect(alert.textContent).toContain('the login or the password is wrong');
    server.use(
      http.post(`${API_BASE}/session`, () =>
        HttpResponse.json(
          { error: { code: 'too_many_requests', message: 'too many failed sign-ins' } },
          { status: 429, headers: { 'Retry-After': '540' } },
        ),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('请 9 分钟 后再试（429）'));
    expect(screen.getByRole('alert').textContent).toContain('too many failed sign-ins');
    expect(signedIn).not.toHaveBeenCalled();
  });

  it("offers the demo's accounts in one click, saying they are demo accounts", async () => {
    const options = await (await fetch(`${API_BASE}/session/options`)).json();
    const signedIn = open(options, 'asked');
    const demo = screen.getByRole('region', { name: '演示账号' });
    expect(demo.textContent).toContain('演示账号');
    expect(options.demoPassword).toBe(DEMO_PASSWORD);
    await userEvent.click(screen.getByRole('button', { name: '区级指挥（演示账号）' }));
    await waitFor(() => expect(signedIn).toHaveBeenCalledWith('asked'));
    await userEvent.click(screen.getByRole('button', { name: '返回匿名浏览' }));
    expect(useSessionStore.getState().signIn).toBeNull();
  });

  it('shows single sign-on where configured, and speaks English on the switch', async () => {
    open({ ...REAL, sso: { startUrl: '/api/v1/session/oidc/start' } }, 'expired');
    expect(screen.getByRole('status').textContent).toContain('登录已过期');
    expect(screen.getByRole('link', { name: '统一身份认证登录' }).getAttribute('href')).toBe(
      '/api/v1/session/oidc/start',
    );
    await userEvent.click(screen.getByRole('button', { name: '语言' }));
    expect(screen.getByRole('textbox', { name: 'Account' })).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Single sign-on' })).toBeTruthy();
  });

  it("the header names who is signed in; the demo's visitor gets 登录, a real deployment nothing", async () => {
    useSessionStore.setState({
      person: {
        id: 'u1',
        login: 'pinghu01',
        name: '平湖值班员',
        role: 'street',
        regionId: '440307001',
        regionName: '平湖街道',
        regionLevel: 'street',
        canAct: true,
        expiresAt: '2026-12-06T20:00:00+08:00',
      },
      options: REAL,
      signIn: null,
      sessionless: false,
    });
    const { unmount } = renderWithApi(<SessionControl />);
    const who = screen.getByRole('region', { name: '当前用户' });
    expect(who.textContent).toContain('平湖值班员');
    expect(who.textContent).toContain('街道坐席');
    expect(who.textContent).toContain('平湖街道');
    expect(screen.getByRole('button', { name: '登出' })).toBeTruthy();
    unmount();

    useSessionStore.setState({ person: null, options: REAL });
    const real = renderWithApi(<SessionControl />);
    expect(screen.queryByRole('button', { name: '登录' })).toBeNull();
    real.unmount();

    useSessionStore.setState({ options: { demo: true, demoAccounts: [] } });
    renderWithApi(<SessionControl />);
    await userEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(useSessionStore.getState().signIn).toBe('asked');
  });
});
