import { describe, expect, it } from 'vitest';
import { checkBody } from '@ioc/contract/body';
import { HttpError } from '@ioc/contract/http';
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

  it("take each operation's request body and answer from the declaration", () => {
    const doc = buildOpenApi() as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const schemaOf = (r: unknown) =>
      (r as { content?: Record<string, { schema: unknown }> } | undefined)?.content;
    const action = doc.paths['/events/{id}/actions']?.post;
    expect(schemaOf(action?.requestBody)).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/ActionRequest' } },
    });
    expect(schemaOf(action?.responses['200'])).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/Event' } },
    });
    for (const name of ROUTE_NAMES) {
      const op = doc.paths[ROUTES[name].path]?.[ROUTES[name].method.toLowerCase()];
      expect(op?.requestBody !== undefined, name).toBe('body' in ROUTES[name]);
    }
  });

  it('refuse a body naming its field, an intake batch for the event that is wrong', () => {
    const refusal = (name: Parameters<typeof checkBody>[0], body: unknown) => {
      try {
        checkBody(name, body);
      } catch (e) {
        if (e instanceof HttpError) return `${e.status} ${e.message}`;
      }
      return 'accepted';
    };
    expect(refusal('postAction', { action: 'dispatch', clientActionId: 'short' })).toMatch(
      /^400 invalid action: clientActionId: /u,
    );
    expect(refusal('postSession', null)).toMatch(/^400 invalid sign-in: \(body\): /u);
    const event = {
      source: 'iot',
      externalId: 'X-1',
      category: 'noise',
      title: 'Loud',
      severity: 2,
      location: [114.13, 22.69],
    };
    expect(refusal('reportEvents', event)).toBe('accepted');
    expect(refusal('reportEvents', { ...event, severity: 7 })).toMatch(/^400 invalid event: severity: /u);
    expect(refusal('reportEvents', { events: [event, { ...event, source: 'fax' }] })).toMatch(
      /^400 invalid batch: events\[1\]\.source: /u,
    );
  });
});
