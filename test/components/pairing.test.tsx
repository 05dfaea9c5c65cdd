// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DevicePairing, DevicePairingStatus } from '@ioc/contract/contract';
import { PairingPage } from '../../src/session/PairingPage';
import { type PairingClient, PAIRING_MAX_BACKOFF_MS, pairingDelay } from '../../src/session/pairing';
import { useUiStore } from '../../src/state/ui';

const START = Date.parse('2026-12-06T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A fake server: codes A00001, A00002… each for ten minutes; polls answer as `answer` says. */
function fakeClient(answer: (handle: string) => DevicePairingStatus | null | Error = () => null) {
  let n = 0;
  const polls: string[] = [];
  const client: PairingClient = {
    begin: vi.fn(async (): Promise<DevicePairing> => {
      n++;
      return {
        code: `A0000${n}`,
        handle: `h${n}`,
        expiresAt: iso(Date.now() + 10 * 60_000),
        pollMs: 3000,
      };
    }),
    poll: vi.fn(async (handle: string) => {
      polls.push(handle);
      const a = answer(handle);
      if (a instanceof Error) throw a;
      return a;
    }),
  };
  return { client, polls };
}

const pending = (): DevicePairingStatus => ({ status: 'pending', expiresAt: iso(START + 600_000) });
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const codeRegion = (name = '配对码') => screen.getByRole('region', { name });

describe("a wall's pairing screen", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    useUiStore.setState({ locale: 'zh-CN' });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows the code in its region, what to do, and counts down', async () => {
    const { client } = fakeClient(pending);
    render(<PairingPage client={client} onApproved={vi.fn()} />);
    await advance(0);
    expect(within(codeRegion()).getByText('A00001')).toBeTruthy();
    expect(screen.getByText(/npm run device -- approve A00001/)).toBeTruthy();
    expect(screen.getByRole('timer').textContent).toContain('10:00');
    await advance(5000);
    expect(screen.getByRole('timer').textContent).toContain('9:55');
    expect(screen.getByRole('link', { name: '用账号登录' })).toBeTruthy();
    // Nobody types a password on a wall.
    expect(screen.queryByLabelText('密码')).toBeNull();
  });

  it('polls at the server pace, and asks for a new code when one expires', async () => {
    const { client, polls } = fakeClient(pending);
    render(<PairingPage client={client} onApproved={vi.fn()} />);
    await advance(0);
    await advance(30_000);
    // Every 3 s, never faster.
    expect(polls.length).toBe(10);
    await advance(10 * 60_000 - 30_000);
    expect(client.begin).toHaveBeenCalledTimes(2);
    expect(within(codeRegion()).getByText('A00002')).toBeTruthy();
    expect(screen.getByRole('timer').textContent).toContain('10:00');
  });

  it('asks for a new code at once when the server no longer knows the handle', async () => {
    const { client } = fakeClient(() => null);
    render(<PairingPage client={client} onApproved={vi.fn()} />);
    await advance(0);
    await advance(3000);
    expect(client.begin).toHaveBeenCalledTimes(2);
    expect(within(codeRegion()).getByText('A00002')).toBeTruthy();
  });

  it('backs off, bounded, while the server fails, and starts again as the wall once approved', async () => {
    let failing = true;
    const { client, polls } = fakeClient(() =>
      failing ? new Error('502') : { ...pending(), status: 'approved' },
    );
    const approved = vi.fn();
    render(<PairingPage client={client} onApproved={approved} />);
    await advance(0);
    await advance(3000 + 6000 + 12000 + 24000);
    expect(polls.length).toBe(4);
    await advance(PAIRING_MAX_BACKOFF_MS - 1);
    expect(polls.length).toBe(4);
    await advance(1);
    expect(polls.length).toBe(5);
    expect(approved).not.toHaveBeenCalled();
    failing = false;
    await advance(PAIRING_MAX_BACKOFF_MS);
    expect(approved).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('已批准，正在打开大屏…');
  });

  it('speaks English when asked', async () => {
    useUiStore.setState({ locale: 'en' });
    const { client } = fakeClient(pending);
    render(<PairingPage client={client} onApproved={vi.fn()} />);
    await advance(0);
    expect(within(codeRegion('Pairing code')).getByText('A00001')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in with an account' })).toBeTruthy();
    expect(pairingDelay(3000, 20)).toBe(PAIRING_MAX_BACKOFF_MS);
  });
});
