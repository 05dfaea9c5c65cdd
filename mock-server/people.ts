/**
 * The demo's people: one account per desk the demo shows (区级指挥 at the district, each
 * street's 坐席, 规划 the planner, 大屏 the wall), all with one public password. They exist
 * only in the demo: the server seeds them when the demo is on, lists them for one-click
 * sign-in (GET /session/options), and refuses them when the demo is off. The in-browser mock
 * answers sign-ins for them too.
 */
import type { DemoAccount, PersonRole } from '@ioc/contract/contract';
import type { RegionIndex } from '@ioc/domain/regions';

/** Public, documented as such (README "Sign-in, roles and devices"): never a real password. */
export const DEMO_PASSWORD = 'ioc-demo-public';

export interface DemoPerson extends DemoAccount {
  /** A stable id (demo accounts keep theirs across databases). */
  id: string;
  role: PersonRole;
}

export function demoPeople(regions: RegionIndex): DemoPerson[] {
  const district = regions.district.id;
  const person = (login: string, name: string, role: PersonRole, regionId: string): DemoPerson => ({
    id: login,
    login,
    name,
    role,
    regionId,
  });
  return [
    person('demo-district', '区级指挥', 'district', district),
    ...regions.streets.map((s) => person(`demo-street-${s.id}`, `${s.name}坐席`, 'street', s.id)),
    person('demo-planner', '规划', 'planner', district),
    person('demo-wall', '大屏', 'wall', district),
  ];
}

/**
 * The demo server's administrator (`npm start`): it manages accounts, sessions, devices and
 * machine tokens there. The in-browser demo keeps no accounts, so it does not offer it.
 */
export function demoAdministrator(regions: RegionIndex): DemoPerson {
  return {
    id: 'demo-admin',
    login: 'demo-admin',
    name: '管理员',
    role: 'admin',
    regionId: regions.district.id,
  };
}
