import { useMemo } from 'react';
import type { admin } from './messages/admin';
import type { Locale } from '../api/config';
import { useUiStore } from '../state/ui';
import { catalog } from './messages/catalog';
import { core } from './messages/core';
import { events } from './messages/events';
import type { eventWork } from './messages/eventWork';
import type { kpi } from './messages/kpi';
import { modes } from './messages/modes';
import { replay } from './messages/replay';
import type { milestones } from './messages/milestones';
import type { mine } from './messages/mine';
import type { planner } from './messages/planner';
import { session } from './messages/session';
import type { signIn } from './messages/signIn';
import type { watchdog } from './messages/watchdog';

/**
 * Every feature's message bundle; add a bundle here when a feature adds messages/<feature>.ts.
 * A feature whose code loads on demand (the KPI panels, the planner, my layers, the wall's
 * watchdog, administration, the sign-in and pairing pages, the feed and dispatch, the timeline's milestones) adds its own with `addMessages` when its code arrives, and lists its type below.
 */
const bundles = [core, catalog, events, modes, replay, session] as const;

type Bundle =
  | (typeof bundles)[number]
  | typeof admin
  | typeof kpi
  | typeof planner
  | typeof eventWork
  | typeof signIn
  | typeof mine
  | typeof milestones
  | typeof watchdog;
type KeysOf<B> = B extends { 'zh-CN': Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<Bundle>;
export type Vars = Record<string, string | number | undefined>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const catalogs: Record<Locale, Record<string, string>> = {
  'zh-CN': Object.assign({}, ...bundles.map((b) => b['zh-CN'])),
  en: Object.assign({}, ...bundles.map((b) => b.en)),
};

export function addMessages(bundle: Bundle): void {
  Object.assign(catalogs['zh-CN'], bundle['zh-CN']);
  Object.assign(catalogs.en, bundle.en);
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = catalogs[locale][key] ?? catalogs['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''));
}

/** The translate function for the current locale; stable per locale so effects do not re-run. */
export function useT(): Translate {
  const locale = useUiStore((s) => s.locale);
  return useMemo(() => (key: MessageKey, vars?: Vars) => translate(locale, key, vars), [locale]);
}

export { formatClock, formatTime, formatTimeOfDay } from './dates';
