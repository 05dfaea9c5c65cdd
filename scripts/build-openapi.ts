/** Writes docs/openapi.json from the zod contract. */
import { writeFileSync } from 'node:fs';
import { buildOpenApi } from '@ioc/contract/openapi';

writeFileSync('docs/openapi.json', `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log('wrote docs/openapi.json');
