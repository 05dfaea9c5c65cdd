import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '@ioc/contract/openapi';
import { fastifyPath, pathRegExp, ROUTE_NAMES, ROUTES, routesAt } from '@ioc/contract/routes';

describe('the routes, declared once', () => {
  it('read a tile path with its suffix, and a parameter as one whole segment', () => {
    expect(routesAt('/layers/kiosks/tiles/12/3421/1780.mvt')).toEqual([
      { name: 'getTile', params: { layerId: 'kiosks', z: '12', x: '3421', y: '1780' } },
    ]);
    expect(routesAt('/layers/a/b/features')).toEqual([]);
    expect(routesAt('/events/EV-1/actions').map((r) => r.name)).toEqual(['postAction']);
    expect(pathRegExp('/events/{id}/actions').test('/events//actions')).toBe(false);
  });

  it('name every method of a path, as a 405 lists them', () => {
    expect(routesAt('/session').map((r) => ROUTES[r.name].method)).toEqual(['POST', 'GET', 'DELETE']);
    expect(
      routesAt('/events')
        .map((r) => ROUTES[r.name].method)
        .sort(),
    ).toEqual(['GET', 'POST']);
  });

  it('put a static path before a parameter that also matches it, as Fastify prefers it', () => {
    expect(routesAt('/events/changes').map((r) => r.name)).toEqual(['listChanges', 'getEvent']);
    expect(routesAt('/events/stream').map((r) => r.name)).toEqual(['streamEvents', 'getEvent']);
    expect(routesAt('/events/EV-1').map((r) => r.name)).toEqual(['getEvent']);
  });

  it('are mounted by Fastify with its own parameter syntax', () => {
    expect(fastifyPath(ROUTES.getTile.path)).toBe('/layers/:layerId/tiles/:z/:x/:yfile');
    expect(fastifyPath(ROUTES.postAction.path)).toBe('/events/:id/actions');
  });

  it('are exactly what the OpenAPI document describes, each operation named by its route', () => {
    const doc = buildOpenApi() as { paths: Record<string, Record<string, { operationId: string }>> };
    const described = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(described.sort()).toEqual(
      ROUTE_NAMES.map((n) => `${ROUTES[n].method} ${ROUTES[n].path} ${n}`).sort(),
    );
  });
});
