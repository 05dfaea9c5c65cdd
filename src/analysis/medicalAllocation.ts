/**
 * Medical allocation: beds and doctors per 10,000 residents by street. A facility counts
 * for the street its `regionId` names, or the street of the community it names.
 */
import type { Feature, MedicalProps, RegionProps } from '@ioc/contract/contract';

export interface StreetAllocation {
  streetId: string;
  name: string;
  population: number;
  facilities: number;
  beds: number;
  doctors: number;
  bedsPer10k: number;
  doctorsPer10k: number;
}

export const per10k = (n: number, population: number): number =>
  population > 0 ? (n / population) * 10_000 : 0;

export function medicalAllocation(
  streets: Feature<RegionProps>[],
  facilities: { properties: Pick<MedicalProps, 'regionId' | 'beds' | 'doctors'> }[],
  communities: Feature<RegionProps>[] = [],
): StreetAllocation[] {
  const streetOf = new Map<string, string>(streets.map((s) => [s.properties.id, s.properties.id]));
  for (const c of communities)
    if (c.properties.parentId) streetOf.set(c.properties.id, c.properties.parentId);
  const rows = new Map<string, StreetAllocation>(
    streets.map((s) => [
      s.properties.id,
      {
        streetId: s.properties.id,
        name: s.properties.name,
        population: s.properties.population,
        facilities: 0,
        beds: 0,
        doctors: 0,
        bedsPer10k: 0,
        doctorsPer10k: 0,
      },
    ]),
  );
  for (const f of facilities) {
    const row = rows.get(streetOf.get(f.properties.regionId) ?? '');
    if (!row) continue;
    row.facilities++;
    row.beds += f.properties.beds;
    row.doctors += f.properties.doctors;
  }
  return [...rows.values()].map((r) => ({
    ...r,
    bedsPer10k: per10k(r.beds, r.population),
    doctorsPer10k: per10k(r.doctors, r.population),
  }));
}
