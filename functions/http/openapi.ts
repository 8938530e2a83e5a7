import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { HttpRoute } from './route';
import { json } from './route';

/** Functions routes are relative to the host's `api` prefix. */
export const ROUTE_PREFIX = '/api/';

/**
 * The OpenAPI 3.1 document, generated from the same route declarations that register the functions, so
 * the contract cannot drift from the code.
 */
export function openApiDocument(routes: HttpRoute[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'tenantHeader', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Tenant-Id',
    description: 'Local stack only; in Azure the tenant comes from the authenticated principal.',
  });
  for (const route of routes) {
    for (const method of route.methods) {
      registry.registerPath({
        method: method.toLowerCase() as 'get' | 'post',
        path: ROUTE_PREFIX + route.route,
        operationId: route.methods.length > 1 ? `${route.name}${method}` : route.name,
        summary: route.doc.summary,
        tags: route.doc.tags,
        security: route.tenantScoped ? [{ tenantHeader: [] }] : [],
        request: {
          ...(route.doc.params ? { params: route.doc.params } : {}),
          ...(route.doc.query ? { query: route.doc.query } : {}),
          ...(route.doc.headers ? { headers: route.doc.headers } : {}),
          ...(route.doc.body
            ? { body: { required: true, content: { 'application/json': { schema: route.doc.body } } } }
            : {}),
        },
        responses: Object.fromEntries(
          Object.entries(route.doc.responses).map(([status, r]) => [
            status,
            {
              description: r.description,
              ...(r.schema
                ? {
                    content: {
                      [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: {
                        schema: r.schema,
                      },
                    },
                  }
                : {}),
            },
          ]),
        ),
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'ANTS API',
      version: '1.0.0',
      description:
        'Submit work to a swarm of enterprise AI agents and watch it through pheromones, tasks and agents.',
    },
    servers: [{ url: 'http://localhost:7071' }],
  });
}

export function openApiRoute(routes: () => HttpRoute[]): HttpRoute {
  let cached: object | undefined;
  return {
    name: 'openapi',
    methods: ['GET'],
    route: 'openapi.json',
    authLevel: 'anonymous',
    tenantScoped: false,
    doc: {
      summary: 'This OpenAPI document',
      tags: ['operations'],
      responses: { 200: { description: 'OpenAPI 3.1' } },
    },
    async handle() {
      cached ??= openApiDocument(routes());
      return json(200, cached);
    },
  };
}
