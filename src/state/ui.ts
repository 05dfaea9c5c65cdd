/** What the user chose about the app itself: mode, language, theme. */
import { create } from 'zustand';
import type { Locale, Mode, Theme } from '../api/config';

export interface UiState {
  mode: Mode;
  locale: Locale;
  theme: Theme;
  setMode(mode: Mode): void;
  setLocale(locale: Locale): void;
  setTheme(theme: Theme): void;
}

export const useUiStore = create<UiState>((set) => ({
  mode: 'wall',
  locale: 'zh-CN',
  theme: 'dark',
  setMode: (mode) => set({ mode }),
  setLocale: (locale) => set({ locale }),
  setTheme: (theme) => set({ theme }),
}));
