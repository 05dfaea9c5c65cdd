// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppConfig, DEFAULT_SCENES } from '../../src/api/config';
import { EmergencySwitch } from '../../src/modes/emergency/EmergencySwitch';
import { TourBar } from '../../src/modes/wall/TourBar';
import { useEmergencyStore } from '../../src/state/emergency';
import { resetTour, useTourStore } from '../../src/state/tour';
import { useUiStore } from '../../src/state/ui';

describe('the emergency switch', () => {
  beforeEach(() => {
    useUiStore.setState({ locale: 'zh-CN' });
    useEmergencyStore.setState({ on: false });
  });
  afterEach(cleanup);

  it('is one pressed/unpressed button named 平战切换 that turns incident focus on and off', async () => {
    render(<EmergencySwitch />);
    const button = screen.getByRole('button', { name: '平战切换' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(button.textContent).toBe('平时');
    await userEvent.click(button);
    expect(useEmergencyStore.getState().on).toBe(true);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.textContent).toBe('战时');
  });

  it('is named in English too', () => {
    useUiStore.setState({ locale: 'en' });
    render(<EmergencySwitch />);
    expect(screen.getByRole('button', { name: 'Emergency mode' })).toBeTruthy();
  });
});

describe('the tour bar', () => {
  beforeEach(() => {
    useUiStore.setState({ locale: 'zh-CN' });
    resetTour();
  });
  afterEach(cleanup);

  it('names the scene, shows progress as a progressbar, and says when it holds', () => {
    render(<TourBar scenes={DEFAULT_SCENES} enabled />);
    expect(screen.getByRole('heading').textContent).toBe('全区态势总览');
    const bar = screen.getByRole('progressbar', { name: '轮播进度' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    act(() => useTourStore.setState({ index: 1, elapsedMs: DEFAULT_SCENES[1]!.dwellMs / 2, paused: null }));
    expect(screen.getByRole('heading').textContent).toBe('5G 基站建设');
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByText(`场景 2 / ${DEFAULT_SCENES.length}`)).toBeTruthy();
    act(() => useTourStore.setState({ paused: 'alert' }));
    expect(screen.getByRole('status').textContent).toBe('告警中 · 轮播暂停');
  });
});

describe('wall and emergency config', () => {
  it('defaults to a 3840×1080 wall, the demo scenes and 500/1000/2000 m rings', () => {
    const c = AppConfig.parse({ apiBaseUrl: 'x', basemap: { type: 'style', url: 's.json' } });
    expect(c.wall.designSize).toEqual({ width: 3840, height: 1080 });
    expect(c.wall.scenes.map((s) => s.id)).toEqual(['district', '5g', 'services', 'safety']);
    expect(c.emergency.ringsM).toEqual([500, 1000, 2000]);
  });
  it('accepts a 7680×2160 wall and refuses rings that do not grow', () => {
    const base = { apiBaseUrl: 'x', basemap: { type: 'style', url: 's.json' } };
    expect(
      AppConfig.parse({ ...base, wall: { designSize: { width: 7680, height: 2160 } } }).wall.designSize.width,
    ).toBe(7680);
    expect(AppConfig.safeParse({ ...base, emergency: { ringsM: [1000, 500, 2000] } }).success).toBe(false);
  });
});
