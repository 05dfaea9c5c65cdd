/**
 * The fields the administration forms share: a role, and the regions an account, a token or
 * a wall may be bound to: the district, its streets and
 * their communities (GET /regions), as names for the lists and as a select grouped by level.
 */
import type { PersonRole, RegionLevel, RegionProps } from '@ioc/contract/contract';
import { PERSON_ROLES, ROLE_LEVELS } from '@ioc/domain/people';
import { useMemo } from 'react';
import { useRegions } from '../api/queries';
import { useT } from '../i18n';
import { useUiStore } from '../state/ui';
import '../panels/events/workText';

export interface RegionChoices {
  byId: Map<string, RegionProps>;
  levels: { level: RegionLevel; regions: RegionProps[] }[];
}

const LEVELS: readonly RegionLevel[] = ['district', 'street', 'community'];

export function useRegionChoices(): RegionChoices {
  const district = useRegions('district');
  const street = useRegions('street');
  const community = useRegions('community');
  return useMemo(() => {
    const byId = new Map<string, RegionProps>();
    const levels = [district, street, community].map((q, i) => {
      const regions = (q.data?.features ?? []).map((f) => f.properties);
      for (const r of regions) byId.set(r.id, r);
      return { level: LEVELS[i] as RegionLevel, regions };
    });
    return { byId, levels };
  }, [district.data, street.data, community.data]);
}

/** A region's name in the chosen language, or its id while the names load (or if unknown). */
export function useRegionName(choices: RegionChoices): (id: string) => string {
  const locale = useUiStore((s) => s.locale);
  return (id) => {
    const r = choices.byId.get(id);
    if (!r) return id;
    return locale === 'en' && r.nameEn ? r.nameEn : r.name;
  };
}

export function RegionSelect({
  choices,
  value,
  onChange,
  levels,
  label,
}: {
  choices: RegionChoices;
  value: string;
  onChange(id: string): void;
  /** The levels to offer (a role's, a token kind's); all by default. */
  levels?: readonly RegionLevel[];
  label: string;
}) {
  const t = useT();
  const name = useRegionName(choices);
  return (
    <label className="admin-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="" disabled>
          {t(choices.byId.size > 0 ? 'admin.region.choose' : 'admin.loading')}
        </option>
        {choices.levels
          .filter((g) => !levels || levels.includes(g.level))
          .map((g) => (
            <optgroup key={g.level} label={t(`events.level.${g.level}`)}>
              {g.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {name(r.id)}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
    </label>
  );
}

/**
 * A role and its region, as an account holds them: the roles a person may be given here
 * (walls are paired, not created), and only regions of the role's level; a new role clears
 * the region, which its level may not allow.
 */
export function RoleRegionFields({
  choices,
  role,
  regionId,
  onChange,
}: {
  choices: RegionChoices;
  role: PersonRole;
  regionId: string;
  onChange(role: PersonRole, regionId: string): void;
}) {
  const t = useT();
  return (
    <>
      <label className="admin-field">
        <span>{t('admin.col.role')}</span>
        <select value={role} onChange={(e) => onChange(e.target.value as PersonRole, '')}>
          {PERSON_ROLES.filter((r) => r !== 'wall').map((r) => (
            <option key={r} value={r}>
              {t(`session.role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <RegionSelect
        choices={choices}
        value={regionId}
        onChange={(id) => onChange(role, id)}
        levels={ROLE_LEVELS[role]}
        label={t('admin.col.region')}
      />
    </>
  );
}
