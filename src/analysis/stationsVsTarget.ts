/**
 * 5G build-out by street: stations built against target, from GET /kpis breakdowns, and
 * the problem sites (stations with an `issue`) by cause, from the layer's features.
 * The API gives each street's built count (`5g.built`) and completion % (`5g.completion`,
 * rounded to 0.01 %); the street's target is built ÷ completion, rounded to a whole station.
 */
import type { Indicator } from '@ioc/contract/contract';

export interface StreetStations {
  regionId: string;
  built: number;
  target: number | null;
  /** built / target × 100, as the API reports it. */
  completionPct: number | null;
}

export function stationsVsTarget(indicators: Indicator[]): StreetStations[] {
  const built = indicators.find((i) => i.id === '5g.built')?.breakdown ?? [];
  const completion = new Map(
    (indicators.find((i) => i.id === '5g.completion')?.breakdown ?? []).map((b) => [b.regionId, b.value]),
  );
  return built.map((b) => {
    const pct = completion.get(b.regionId);
    const target = pct !== undefined && pct > 0 ? Math.round((b.value * 100) / pct) : null;
    return { regionId: b.regionId, built: b.value, target, completionPct: pct ?? null };
  });
}

export interface CauseCount {
  cause: string;
  count: number;
}

/** Problem sites by cause, most frequent first. */
export function problemSitesByCause(
  stations: { properties: { issue?: string | undefined } }[],
): CauseCount[] {
  const counts = new Map<string, number>();
  for (const s of stations) {
    const issue = s.properties.issue;
    if (issue) counts.set(issue, (counts.get(issue) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([cause, count]) => ({ cause, count }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}
