import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../src/api/openapi';

describe('docs/openapi.json', () => {
  it('is what the zod contract generates (run `npm run build:openapi` after changing contract.ts)', () => {
    const committed = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
    expect(committed).toEqual(buildOpenApi());
  });

  it('documents every endpoint of API.md', () => {
    const design = readFileSync('../shared/design/API.md', 'utf8');
    const documented = Object.keys((buildOpenApi() as { paths: object }).paths);
    const inDesign = [...design.matchAll(/`(?:GET|POST) \/api\/v1(\/[^?` ]*)/g)].map((m) =>
      m[1]!.replace('{layerId}', '{layerId}'),
    );
    expect(inDesign.length).toBeGreaterThanOrEqual(8);
    for (const path of inDesign) expect(documented).toContain(path);
  });
});
