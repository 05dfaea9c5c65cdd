/**
 * Region names and the district › street › community chain from GET /regions, so panels
 * and the breadcrumb show names, never ids. Shares the query cache with the map.
 */
import { useMemo } from 'react';
import type { RegionLevel, RegionProps } from '@ioc/contract/contract';
import { useRegions } from '../../api/queries';
import { useUiStore } from '../../state/ui';

export interface RegionIndex {
  /** The region's name in the current language; the id itself while names load. */
  name(id: string): string;
  get(id: string): RegionProps | undefined;
  /** The level of a scope: null is the district. */
  levelOf(scope: string | null): RegionLevel | undefined;
  /** Root first: [district?, street?, community?] for a scope. */
  chain(scope: string | null): RegionProps[];
  district: RegionProps | undefined;
}

export function useRegionIndex(): RegionIndex {
  const locale = useUiStore((s) => s.locale);
  const district = useRegions('district');
  const streets = useRegions('street');
  const communities = useRegions('community');
  return useMemo(() => {
    const byId = new Map<string, RegionProps>();
    for (const fc of [district.data, streets.data, communities.data]) {
      for (const f of fc?.features ?? []) byId.set(f.properties.id, f.properties);
    }
    const top = district.data?.features[0]?.properties;
    const get = (id: string) => byId.get(id);
    return {
      district: top,
      get,
      name: (id) => {
        const p = byId.get(id);
        if (!p) return id;
        return locale === 'en' && p.nameEn ? p.nameEn : p.name;
      },
      levelOf: (scope) => (scope === null ? 'district' : byId.get(scope)?.level),
      chain: (scope) => {
        const out: RegionProps[] = [];
        let p = scope === null ? top : byId.get(scope);
        // Walk up by parentId; the bound stops a malformed cycle.
        for (let i = 0; p && i < 4; i++) {
          out.unshift(p);
          p = p.parentId ? byId.get(p.parentId) : undefined;
        }
        return out;
      },
    } satisfies RegionIndex;
  }, [district.data, streets.data, communities.data, locale]);
}
