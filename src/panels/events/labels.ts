/**
 * Names for what events carry as ids: regions (from GET /regions, sharing the map's
 * query cache) and categories (the API sends ids; unknown ones show as they come).
 */
import { useMemo } from 'react';
import type { RegionProps } from '@ioc/contract/contract';
import { clip } from '../../api/clip';
import { useRegions } from '../../api/queries';
import type { MessageKey, Translate } from '../../i18n';
import { events as messages } from '../../i18n/messages/events';
import { useUiStore } from '../../state/ui';
import type { RegionTree } from '@ioc/contract/rules';

export interface Regions extends RegionTree {
  name(id: string): string;
  streets: RegionProps[];
  communitiesOf(streetId: string): RegionProps[];
}

export function useEventRegions(): Regions {
  const locale = useUiStore((s) => s.locale);
  const streets = useRegions('street');
  const communities = useRegions('community');
  return useMemo(() => {
    const byId = new Map<string, RegionProps>();
    for (const fc of [streets.data, communities.data])
      for (const f of fc?.features ?? []) byId.set(f.properties.id, f.properties);
    const streetList = (streets.data?.features ?? []).map((f) => f.properties);
    const communityList = (communities.data?.features ?? []).map((f) => f.properties);
    return {
      name: (id) => {
        const p = byId.get(id);
        if (!p) return id;
        return locale === 'en' && p.nameEn ? p.nameEn : p.name;
      },
      level: (id) => byId.get(id)?.level,
      parent: (id) => byId.get(id)?.parentId,
      streets: streetList,
      communitiesOf: (streetId) => communityList.filter((c) => c.parentId === streetId),
    };
  }, [streets.data, communities.data, locale]);
}

export function categoryLabel(t: Translate, category: string): string {
  const key = `events.category.${category}`;
  return Object.hasOwn(messages['zh-CN'], key) ? t(key as MessageKey) : clip(category);
}

/** "平湖街道 · 山厦社区": where an event happened. */
export function placeLabel(
  regions: Regions,
  ev: { regionId: string; communityId?: string | undefined },
): string {
  return ev.communityId
    ? `${regions.name(ev.regionId)} · ${regions.name(ev.communityId)}`
    : regions.name(ev.regionId);
}
