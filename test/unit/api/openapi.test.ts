import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '@ioc/contract/openapi';

describe('docs/openapi.json', () => {
  it('is what the zod contract generates (run `npm run build:openapi` after changing contract.ts)', () => {
    const committed = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
    expect(committed).toEqual(buildOpenApi());
  });

  it('documents exactly the endpoints that docs/API.md describes', () => {
    const prose = readFileSync('docs/API.md', 'utf8');
    const documented = Object.keys((buildOpenApi() as { paths: object }).paths).sort();
    const described = [
      ...new Set([...prose.matchAll(/`(?:GET|POST|PATCH|DELETE) \/api\/v1(\/[^?` ]*)/g)].map((m) => m[1]!)),
    ].sort();
    expect(described.length).toBeGreaterThanOrEqual(8);
    expect(described).toEqual(documented);
  });
});
