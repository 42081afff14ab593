import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../shared/manifest.ts';

const root = resolve(import.meta.dirname, '../..');
const routeModules = readdirSync(resolve(root, 'shared/routes')).filter((file) => file.endsWith('.ts') && file !== 'types.ts');

const isRoute = (value: unknown): value is { handler: string; method: string; path: string } =>
  typeof value === 'object' && value !== null && 'handler' in value && 'method' in value && 'path' in value;

describe('feature route modules (shared/routes) and the manifest', () => {
  it('puts every route a feature module defines into the manifest, under the same id', async () => {
    let seen = 0;
    for (const file of routeModules) {
      const module = (await import(resolve(root, 'shared/routes', file))) as Record<string, unknown>;
      for (const [id, value] of Object.entries(module).filter(([, value]) => isRoute(value))) {
        expect(routes[id as keyof typeof routes], `${file} defines ${id}, which the manifest lacks`).toBe(value);
        seen += 1;
      }
    }
    expect(seen).toBe(Object.keys(routes).length);
  });

  it('has each handler serve the route that names it, compiled from its own feature module', async () => {
    for (const file of routeModules) {
      const module = (await import(resolve(root, 'shared/routes', file))) as Record<string, unknown>;
      for (const [id, route] of Object.entries(module).filter(([, value]) => isRoute(value))) {
        const source = readFileSync(resolve(root, (route as { handler: string }).handler), 'utf8');
        expect(source, id).toContain(`httpHandler(routes.${id},`);
        expect(source, id).toContain(`import * as routes from '../../shared/compiled/${file}';`);
      }
    }
  });

  it('lets exactly the routes without an authorizer verify a bearer token themselves', async () => {
    const { verifyBearerToken } = await import('../../shared/http/bearerTokens.ts');
    for (const file of routeModules) {
      const compiled = (await import(resolve(root, 'shared/compiled', file))) as Record<string, { auth: string; verifyBearer?: unknown }>;
      for (const [id, route] of Object.entries(compiled)) {
        const ownCheck = route.auth === 'public' || route.auth === 'customer-or-guest';
        expect(route.verifyBearer, id).toBe(ownCheck ? verifyBearerToken : undefined);
      }
    }
  });
});
