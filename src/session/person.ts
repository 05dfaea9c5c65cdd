/** What a signed-in person's role makes of the app: their mode and the region they are bound to. */
import type { SessionInfo } from '@ioc/contract/contract';
import type { AppConfig } from '../api/config';

type Mode = AppConfig['defaultMode'];

const MODE_OF: Record<SessionInfo['role'], Mode> = {
  admin: 'operator',
  district: 'operator',
  street: 'operator',
  community: 'operator',
  planner: 'planner',
  wall: 'wall',
};

/** Street and community staff work their console only; the others may switch modes. */
export const modeIsFixed = (person: SessionInfo): boolean =>
  person.role === 'street' || person.role === 'community';

/**
 * The config the app runs with for a person: no token (the cookie speaks for them; a token
 * would win on the server), their region bound unless it is the district, their role's mode,
 * and not the demo's anonymous console chooser.
 */
export function withSession(config: AppConfig, person: SessionInfo): AppConfig {
  return {
    ...config,
    apiToken: null,
    demo: false,
    boundRegionId: person.regionLevel === 'district' ? null : person.regionId,
    defaultMode: MODE_OF[person.role],
  };
}
