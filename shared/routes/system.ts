/**
 * The system routes: health, the OpenAPI document, the caller.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `systemRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import { healthSchema, meSchema } from '../schemas/system.ts';
import * as z from '../schemas/zod.ts';
import type { HttpRoute } from './types.ts';

export const health = {
  method: 'GET',
  path: '/v1/health',
  handler: 'functions/http/health.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Liveness and readiness of the API and its table',
  tag: 'System',
  response: { status: 200, schema: healthSchema },
} satisfies HttpRoute;

export const openapi = {
  method: 'GET',
  path: '/v1/openapi.json',
  handler: 'functions/http/openapi.ts',
  auth: 'public',
  access: {},
  summary: 'This API described as an OpenAPI 3.1 document',
  tag: 'System',
  response: { status: 200, schema: z.record(z.string(), z.unknown()) },
} satisfies HttpRoute;

export const me = {
  method: 'GET',
  path: '/v1/me',
  handler: 'functions/http/me.ts',
  auth: 'customer',
  access: {},
  summary: 'The signed-in user as the API sees them',
  tag: 'Account',
  response: { status: 200, schema: meSchema },
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const systemRoutes = { health, openapi, me };
