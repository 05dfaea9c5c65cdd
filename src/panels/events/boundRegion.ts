/**
 * The street a console is bound to. The API enforces it from the token; the UI needs it
 * to scope itself and to send `region=`. Config names it; the demo tokens
 * (`street-<streetId>`, mock-server/data/tokens.json) imply it.
 */
import type { AppConfig } from '../../api/config';

export function boundRegionOf(config: Pick<AppConfig, 'boundRegionId' | 'apiToken'>): string | null {
  if (config.boundRegionId) return config.boundRegionId;
  const demo = /^street-(\d{9})$/.exec(config.apiToken ?? '');
  return demo ? (demo[1] as string) : null;
}
