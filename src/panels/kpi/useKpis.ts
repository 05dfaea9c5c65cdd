/**
 * The KPI data of the current scope: ONE query for GET /kpis?region=<scope>, shared by
 * every panel. The envelope is validated leniently; each panel then validates only its
 * own indicators with the contract's schema, so one malformed indicator breaks one panel
 * and a failing endpoint shows an error in each KPI panel while the rest of the app runs.
 * A well-formed indicator with an implausible figure (src/panels/kpi/range.ts) breaks
 * nothing: it is flagged where it would be shown and left out, the rest drawn as usual.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatIso } from '@ioc/domain/time';
import { useMemo } from 'react';
import { Indicator } from '@ioc/contract/contract';
import { useApi } from '../../api/context';
import { currentProblem } from '../describeProblem';
import { kpiQueryFn, kpiQueryKey } from './kpiQuery';
import { implausible } from './range';
import { useScopeStore } from '../../state/scope';
import { replayMoment, useClockStore } from '../../state/clock';

export { KpiEnvelope, kpiQueryFn, kpiQueryKey } from './kpiQuery';

export function useKpiQuery() {
  const { client, config } = useApi();
  const scope = useScopeStore((s) => s.regionId);
  const moment = useClockStore(replayMoment);
  const asOf = moment === null ? undefined : formatIso(moment);
  return useQuery({
    queryKey: kpiQueryKey(scope, asOf),
    queryFn: kpiQueryFn(client, scope, asOf),
    // Fresh figures from the start-up prefetch are not fetched again when the column mounts.
    staleTime: 10_000,
    // A replayed moment's figures do not change: no refresh; the last moment's stay until the next's arrive.
    refetchInterval: asOf ? false : config.refresh.kpiMs,
    ...(asOf ? { placeholderData: keepPreviousData } : {}),
    // A wall browser may report itself hidden (kiosk shells, screen savers) yet is read.
    refetchIntervalInBackground: true,
  });
}

/** The indicators a panel shows: exact ids, and id prefixes for one-indicator-per-key groups. */
export interface PanelSpec {
  ids: readonly string[];
  prefixes?: readonly string[];
}

/** Why a panel's indicators cannot be shown: one breaks the contract. */
export interface InvalidIndicator {
  id: string;
  detail: string;
}

/**
 * An indicator with a figure outside its plausible range (src/panels/kpi/range.ts): not
 * drawn, flagged in its tile (or in the panel's list when no tile shows it).
 */
export interface FlaggedIndicator {
  id: string;
  label: string;
  /** Which figure: value, target, breakdown.<i> or trend.<i>. */
  where: string;
  value: number;
}

export type IndicatorSelection =
  | {
      ok: true;
      byId: Map<string, Indicator>;
      groups: Map<string, Indicator[]>;
      /** Left out of byId and groups, in the API's order. */
      flagged: FlaggedIndicator[];
    }
  | ({ ok: false } & InvalidIndicator);

function rawId(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Picks a panel's indicators out of the raw list and validates each one (pure). */
export function selectIndicators(raw: readonly unknown[], spec: PanelSpec): IndicatorSelection {
  const byId = new Map<string, Indicator>();
  const groups = new Map<string, Indicator[]>((spec.prefixes ?? []).map((p) => [p, []]));
  const flagged: FlaggedIndicator[] = [];
  for (const item of raw) {
    const id = rawId(item);
    if (id === undefined) continue; // no id: it cannot be told which panel it belongs to
    const wanted = spec.ids.includes(id);
    const prefix = spec.prefixes?.find((p) => id.startsWith(p));
    if (!wanted && prefix === undefined) continue;
    const parsed = Indicator.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(root)';
      return { ok: false, id, detail: `${where}: ${issue?.message ?? 'invalid'}` };
    }
    const odd = implausible(parsed.data);
    if (odd) {
      // One figure that cannot be: that indicator is left out and flagged, the rest kept.
      if (!flagged.some((f) => f.id === id)) flagged.push({ id, label: parsed.data.label, ...odd });
      continue;
    }
    if (wanted && !byId.has(id)) byId.set(id, parsed.data);
    if (prefix !== undefined) groups.get(prefix)?.push(parsed.data);
  }
  return { ok: true, byId, groups, flagged };
}

export type KpiPanelStatus = 'loading' | 'error' | 'invalid' | 'empty' | 'ready';

export interface KpiPanelData {
  status: KpiPanelStatus;
  /** The query's failure, for the error state and for "the last refresh failed" over old data. */
  problem: unknown;
  invalid: InvalidIndicator | null;
  byId: Map<string, Indicator>;
  groups: Map<string, Indicator[]>;
  /** Indicators with an implausible figure: flagged, not drawn. */
  flagged: readonly FlaggedIndicator[];
  asOf: string | null;
  /** Old figures are shown but the latest refresh failed. */
  refreshFailed: boolean;
  /** The figures are of a replayed moment (never stale: the past does not refresh). */
  replayed?: boolean;
  /**
   * Replaying, some of the panel's figures hold for now: layer data has no history and the
   * API says so with each indicator's own asOf.
   */
  current?: boolean;
}

const NONE = new Map<never, never>();
const NONE_FLAGGED: readonly FlaggedIndicator[] = [];

/** A panel's view of the shared KPI query: its state and its validated indicators. */
export function useKpiPanel(spec: PanelSpec): KpiPanelData {
  const query = useKpiQuery();
  const selection = useMemo(
    () => (query.data ? selectIndicators(query.data.indicators, spec) : null),
    [query.data, spec],
  );
  const problem = currentProblem(query);
  const refreshFailed = query.data !== undefined && (query.isRefetchError || query.failureCount > 0);
  const base = {
    // Over old figures, the failure of the refresh (still being retried) is the news.
    problem: refreshFailed ? (query.error ?? query.failureReason) : problem,
    asOf: query.data?.asOf ?? null,
    refreshFailed,
    replayed: query.data?.indicators.some(hasAsOf) ?? false,
    current: false,
    invalid: null,
    byId: NONE,
    groups: NONE,
    flagged: NONE_FLAGGED,
  };
  if (!selection) return { ...base, status: problem !== null ? 'error' : 'loading' };
  if (!selection.ok) {
    const { ok: _, ...invalid } = selection;
    return { ...base, status: 'invalid', invalid };
  }
  const { byId, groups, flagged } = selection;
  const found = byId.size + [...groups.values()].reduce((n, g) => n + g.length, 0) + flagged.length;
  const asOf = query.data?.asOf;
  const shown = [...byId.values(), ...[...groups.values()].flat()];
  const now = shown.find((i) => i.asOf !== undefined && i.asOf !== asOf)?.asOf;
  // A panel of current figures says when they hold for: now, not the replayed moment.
  const current = now === undefined ? {} : { current: true, asOf: now };
  return { ...base, status: found > 0 ? 'ready' : 'empty', byId, groups, flagged, ...current };
}

/** Only a replay's answer gives indicators their own asOf (docs/API.md "Replay"). */
function hasAsOf(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'asOf' in raw;
}
