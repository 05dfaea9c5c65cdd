/** The demo city's people: district, streets and communities add up, and no two streets look alike. */
import { describe, expect, it } from 'vitest';
import { defaultRegions } from '../../mock-server/regions';

describe('regions', () => {
  const regions = defaultRegions();

  it('spreads the district population over its 11 streets, each with a population of its own', () => {
    const pops = regions.streets.map((s) => s.population);
    expect(pops).toHaveLength(11);
    expect(pops.reduce((a, b) => a + b, 0)).toBe(regions.district.population);
    expect(new Set(pops).size).toBe(pops.length);
  });

  it("spreads each street's people over its communities", () => {
    for (const street of regions.streets) {
      const communities = regions.communities.filter((c) => c.parentId === street.id);
      expect(communities.length).toBeGreaterThan(5);
      expect(communities.reduce((a, c) => a + c.population, 0)).toBe(street.population);
    }
  });
});
