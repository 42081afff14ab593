/**
 * The compiled validators (shared/compiled, run by every Lambda) against the zod schemas they are
 * compiled from: the files are what `npm run generate` writes today, and on generated inputs —
 * valid ones from each schema's JSON Schema, mutations of them, and arbitrary values — both
 * accept the same inputs with the same output and refuse the same inputs with the same issues
 * (path and message, in order).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledValidatorFiles } from '../../infra/generateValidators.ts';
import * as announcements from '../../shared/compiled/announcements.ts';
import { environmentValidator } from '../../shared/compiled/configuration.ts';
import * as departments from '../../shared/compiled/departments.ts';
import * as files from '../../shared/compiled/files.ts';
import * as knowledgeBase from '../../shared/compiled/knowledgeBase.ts';
import * as status from '../../shared/compiled/status.ts';
import * as system from '../../shared/compiled/system.ts';
import * as tickets from '../../shared/compiled/tickets.ts';
import { environmentSchema } from '../../shared/environmentSchema.ts';
import { jsonSchema } from '../../shared/http/openapi.ts';
import { routes } from '../../shared/manifest.ts';
import type { CompiledRoute, HttpRoute } from '../../shared/routes/types.ts';
import type * as z from '../../shared/schemas/zod.ts';
import { safeParse, type Validator } from '../../shared/validation/runtime.ts';
import { invalidValue, noPools, validValue, type JsonSchema } from '../integration/support/fuzzing.ts';

const root = resolve(import.meta.dirname, '../..');
const seed = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = 150;

const compiledModules = [announcements, departments, files, knowledgeBase, status, system, tickets] as unknown as Record<string, CompiledRoute<HttpRoute>>[];
const compiledRoute = (id: string) => {
  const module = compiledModules.find((candidate) => id in candidate);
  if (!module) throw new Error(`no compiled route ${id}`);
  return module[id]!;
};
const routeList = Object.entries(routes as Record<string, HttpRoute>);

/** The comparable outcome: success and output, or the issues as a client sees them. */
function zodOutcome(schema: z.ZodMiniType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.error.issues.map((issue) => ({ path: issue.path, message: issue.message, ...('keys' in issue ? { keys: issue.keys } : {}) })) };
}

function compiledOutcome(validator: Validator, input: unknown) {
  const result = safeParse(validator, input);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.issues.map((issue) => ({ path: issue.path, message: issue.message, ...(issue.keys ? { keys: issue.keys } : {}) })) };
}

/** What a Lambda may be given: valid values, invalid ones, a valid object with a field changed, anything. */
function inputsFor(schema: z.ZodMiniType): fc.Arbitrary<unknown> {
  const described = jsonSchema(schema, 'input') as JsonSchema;
  const valid = validValue(described, noPools);
  const nasty = fc.constantFrom('', ' ', '\u0000', '\ud800', '😀'.repeat(3), 'x'.repeat(300), '12', '-1', '1e3', 'NaN', 'true', 'null', '__proto__');
  const anyValue = fc.oneof(fc.anything({ maxDepth: 2 }), nasty, fc.integer(), fc.double(), fc.constant(undefined), fc.constant(null));
  const changedField = valid.chain((value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
      ? fc.tuple(fc.constantFrom(...Object.keys(value)), anyValue).map(([key, replacement]) => ({ ...value, [key]: replacement }))
      : anyValue,
  );
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: invalidValue(described, noPools) }, { weight: 2, arbitrary: changedField }, { weight: 1, arbitrary: anyValue });
}

function expectSameOutcomes(schema: z.ZodMiniType, validator: Validator, label: string) {
  fc.assert(
    fc.property(inputsFor(schema), (input) => {
      expect(compiledOutcome(validator, structuredClone(input)), `${label} ${JSON.stringify(input)}`).toStrictEqual(zodOutcome(schema, structuredClone(input)));
    }),
    { seed, numRuns: RUNS },
  );
}

describe('compiled validators (shared/compiled)', () => {
  it('are what npm run generate writes from the schemas today', async () => {
    for (const [path, source] of Object.entries(await compiledValidatorFiles())) {
      expect(readFileSync(resolve(root, path), 'utf8'), `${path} is stale: run npm run generate`).toBe(source);
    }
  });

  const parts = ['params', 'query', 'body', 'headers'] as const;
  const cases = routeList.flatMap(([id, route]) =>
    parts.filter((part) => route.request?.[part]).map((part) => ({ id, route, part })),
  );

  it.each(cases)('$id $part: accepts and refuses what zod does, with the same output and issues', ({ id, route, part }) => {
    const validator = compiledRoute(id).request?.[part];
    expect(validator, `${id} has no compiled ${part}`).toBeDefined();
    expectSameOutcomes(route.request![part]!, validator!, `${id}.${part}`);
  });

  it('carry each route\'s auth and success status', () => {
    for (const [id, route] of routeList) {
      const compiled = compiledRoute(id);
      expect({ auth: compiled.auth, status: compiled.response.status, contentType: compiled.response.contentType }).toEqual({
        auth: route.auth,
        status: route.response.status,
        contentType: route.response.contentType,
      });
      expect(Object.keys(compiled.request ?? {}).sort()).toEqual(Object.keys(route.request ?? {}).sort());
    }
  });

  it('read the environment as zod does, defaults and refusals included', () => {
    const settings = fc.record(
      {
        PORTAL_URL: fc.constantFrom('https://panel.example', ' https://a.example/x\t ', 'not a url', 'mailto:a@b.example'),
        LOG_LEVEL: fc.constantFrom('debug', 'info', 'verbose'),
        AUTO_CLOSE_HOURS: fc.constantFrom('0', '72', '8761', 'x', '1.5'),
        TICKET_NUMBER_MASK: fc.constantFrom('%n%n%n%n%n%n', 'TK-%y%m-%n%n%n%n', '%n', '<script>'),
        ATTACHMENT_TYPES: fc.constantFrom('image/png, application/pdf', 'IMAGE/PNG,,text/plain', 'text/html', ''),
        TABLE_NAME: fc.constantFrom('', 'support'),
        JWKS_URL: fc.constantFrom('http://localhost:1/jwks', 'x'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(settings, (environment) => {
        expect(compiledOutcome(environmentValidator, environment)).toStrictEqual(zodOutcome(environmentSchema, environment));
      }),
      { seed, numRuns: RUNS },
    );
  });
});
