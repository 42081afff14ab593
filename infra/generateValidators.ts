/**
 * `npm run generate`: compiles the zod schemas every Lambda validates with (each route's params,
 * query, body and headers, and the environment) into calls to shared/validation/runtime.ts, one
 * file per route module under shared/compiled/, and writes the OpenAPI document there. zod stays the single source; the
 * Lambdas stop bundling and initialising it. tests/unit/compiledValidators.test.ts fails when a
 * compiled file no longer matches its schemas, and proves compiled and zod agree on inputs.
 *
 * Only what the schemas use is supported; anything else (a refinement that is not a named
 * export of shared/validation/rules.ts, a schema-level error message, another zod type) stops
 * the generation with the reason, rather than being compiled approximately.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as z from '../shared/schemas/zod.ts';
import type { HttpRoute } from '../shared/routes/types.ts';
import * as rules from '../shared/validation/rules.ts';
import { environmentSchema } from '../shared/environmentSchema.ts';
import { buildOpenApiDocument } from '../shared/http/openapi.ts';
import { manifest } from '../shared/manifest.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiledDirectory = join(root, 'shared/compiled');
const routeParts = ['params', 'query', 'body', 'headers'] as const;

type ZodDef = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
const defOf = (schema: unknown) => (schema as { _zod: { def: ZodDef } })._zod.def;

const ruleNames = new Map<unknown, string>(
  Object.entries(rules)
    .filter(([, value]) => typeof value === 'function')
    .map(([name, value]) => [value, `rules.${name}`]),
);
ruleNames.set(Number, 'Number');

/** zod's z.trim() and z.toLowerCase() are anonymous overwrites; their source says which. */
const zodOverwrites: Record<string, string> = {
  '(input) => input.trim()': 'V.trimText',
  '(input) => input.toLowerCase()': 'V.lowerCaseText',
};

// Marked pure so a handler's bundle keeps only its own route's validators.
const call = (name: string, args: string[]) => `/*#__PURE__*/ V.${name}(${args.join(', ')})`;
const literal = (value: unknown) => JSON.stringify(value);

/** A check's own message when the schema gives one (zod stores it as a function of the issue). */
function messageOf(def: Record<string, unknown>, where: string): string | undefined {
  const error = def.error as ((issue: unknown) => unknown) | undefined;
  if (!error) return undefined;
  const message = error({});
  const text = typeof message === 'string' ? message : (message as { message?: unknown } | undefined)?.message;
  if (typeof text !== 'string') throw new Error(`${where}: only constant error messages can be compiled`);
  return text;
}

const withMessage = (args: string[], message: string | undefined) => (message === undefined ? args : [...args, literal(message)]);

function functionName(fn: unknown, where: string): string {
  const name = ruleNames.get(fn) ?? zodOverwrites[String(fn)];
  if (!name) throw new Error(`${where}: ${String(fn).slice(0, 80)} is not an export of shared/validation/rules.ts`);
  return name;
}

function compileCheck(check: { _zod: { def: Record<string, unknown> } }, where: string): string {
  const def = check._zod.def;
  if (def.abort || (def.when && !['min_length', 'max_length'].includes(def.check as string))) {
    throw new Error(`${where}: checks with abort or when cannot be compiled`);
  }
  const message = messageOf(def, where);
  switch (def.check) {
    case 'max_length':
      return call('maxLength', withMessage([String(def.maximum)], message));
    case 'min_length':
      return call('minLength', withMessage([String(def.minimum)], message));
    case 'less_than':
    case 'greater_than': {
      if (!def.inclusive) throw new Error(`${where}: only inclusive bounds (lte, gte) are compiled`);
      return call(def.check === 'less_than' ? 'lte' : 'gte', withMessage([String(def.value)], message));
    }
    case 'string_format':
      if (def.format !== 'regex') throw new Error(`${where}: string format ${String(def.format)} as a check`);
      return call('pattern', withMessage([String(def.pattern), literal('regex')], message));
    case 'overwrite':
      return call('overwrite', [functionName(def.tx, where)]);
    case 'custom': {
      if (message === undefined) throw new Error(`${where}: a refinement needs its own message`);
      const path = (def.path as unknown[] | undefined) ?? [];
      return call('refine', [functionName(def.fn, where), literal(message), ...(path.length ? [literal(path)] : [])]);
    }
    default:
      throw new Error(`${where}: check ${String(def.check)} is not supported`);
  }
}

/** The format a string schema checks itself (z.email(), z.iso.datetime(), z.url()), before its other checks. */
function formatCheck(def: ZodDef, where: string): string[] {
  if (def.format === undefined) return [];
  const message = messageOf(def, where);
  switch (def.format) {
    case 'email':
    case 'datetime':
      return [call('pattern', withMessage([String(def.pattern), literal(def.format)], message))];
    case 'url':
      if (def.hostname || def.protocol || def.normalize) throw new Error(`${where}: url options are not supported`);
      return [call('url', message === undefined ? [] : [literal(message)])];
    default:
      throw new Error(`${where}: string format ${String(def.format)} is not supported`);
  }
}

export function compileSchema(schema: unknown, where: string, indent = ''): string {
  const def = defOf(schema);
  const checks = (def.checks ?? []).map((check) => compileCheck(check, where));
  const isFormat = def.type === 'string' && def.format !== undefined;
  if (def.error && !isFormat) throw new Error(`${where}: schema-level error messages are not supported`);
  const inner = (key: string) => compileSchema(def[key], where, indent);
  switch (def.type) {
    case 'string':
      if (def.coerce) throw new Error(`${where}: coercion is not supported`);
      return call('string', [...formatCheck(def, where), ...checks]);
    case 'number':
      if (def.coerce) throw new Error(`${where}: coercion is not supported`);
      if (def.format === 'safeint') return call('int', checks);
      if (def.format !== undefined) throw new Error(`${where}: number format ${String(def.format)} is not supported`);
      return call('number', checks);
    case 'boolean':
      return call('boolean', checks);
    case 'unknown':
      return call('unknown', checks);
    case 'literal':
      return call('literal', [literal(def.values), ...checks]);
    case 'enum':
      return call('enumeration', [literal(Object.values(def.entries as Record<string, unknown>)), ...checks]);
    case 'object': {
      const catchall = def.catchall === undefined ? undefined : defOf(def.catchall).type;
      if (catchall !== undefined && catchall !== 'never') throw new Error(`${where}: only strict and stripping objects are supported`);
      const shape = def.shape as Record<string, unknown>;
      const fieldIndent = `${indent}  `;
      const fields = Object.entries(shape).map(([key, field]) => `${fieldIndent}${literal(key)}: ${compileSchema(field, `${where}.${key}`, fieldIndent)},\n`);
      const body = fields.length ? `{\n${fields.join('')}${indent}}` : '{}';
      return call(catchall === 'never' ? 'strictObject' : 'object', [body, ...checks]);
    }
    case 'array':
      return call('array', [inner('element'), ...checks]);
    case 'optional':
      return call('optional', [inner('innerType'), ...checks]);
    case 'nullable':
      return call('nullable', [inner('innerType'), ...checks]);
    case 'default':
      return call('withDefault', [inner('innerType'), literal(def.defaultValue), ...checks]);
    case 'pipe':
      return call('pipe', [inner('in'), inner('out'), ...checks]);
    case 'transform':
      return call('transform', [functionName(def.transform, where), ...checks]);
    case 'union': {
      const options = def.options as unknown[];
      if (typeof def.discriminator !== 'string') {
        return call('union', [`[${options.map((option, index) => compileSchema(option, `${where}|${index}`, indent)).join(', ')}]`, ...checks]);
      }
      const discriminator = def.discriminator;
      const compiled = options.map((option, index) => {
        const values = [...((option as { _zod: { propValues: Record<string, Set<unknown>> } })._zod.propValues[discriminator] ?? [])];
        return `{ values: ${literal(values)}, validator: ${compileSchema(option, `${where}|${index}`, indent)} }`;
      });
      return call('discriminatedUnion', [literal(discriminator), `[${compiled.join(', ')}]`, ...checks]);
    }
    default:
      throw new Error(`${where}: zod type ${def.type} is not supported`);
  }
}

const banner = (source: string) => [
  `// Generated by \`npm run generate\` (infra/generateValidators.ts) from ${source}: do not edit.`,
  '// tests/unit/compiledValidators.test.ts fails when it no longer matches the zod schemas.',
];

const isRoute = (value: unknown): value is HttpRoute =>
  typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'handler' in value;

/** Routes without an authorizer (guests must get through) verify a bearer token sent to them themselves. */
const verifiesBearerItself = (route: HttpRoute) => route.auth === 'public' || route.auth === 'customer-or-guest';

/** The compiled form of one route module: per route, what httpHandler needs at run time. */
function compileRouteModule(feature: string, module: Record<string, unknown>): string {
  const lines = [
    ...banner(`shared/routes/${feature}.ts`),
    `import type * as definitions from '../routes/${feature}.ts';`,
    "import type { CompiledRoute } from '../routes/types.ts';",
  ];
  const body: string[] = [];
  // By id: a module namespace lists its exports in that order anyway, vitest's in source order.
  for (const [id, route] of Object.entries(module).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isRoute(route)) continue;
    const request = routeParts
      .filter((part) => route.request?.[part] !== undefined)
      .map((part) => `    ${part}: ${compileSchema(route.request![part], `${id}.${part}`, '    ')},`);
    const response = [`status: ${route.response.status}`, ...(route.response.contentType ? [`contentType: ${literal(route.response.contentType)}`] : [])];
    body.push(
      '',
      `/** ${route.method} ${route.path} */`,
      `export const ${id}: CompiledRoute<typeof definitions.${id}> = {`,
      `  auth: ${literal(route.auth)},`,
      ...(verifiesBearerItself(route) ? ['  verifyBearer: verifyBearerToken,'] : []),
      `  response: { ${response.join(', ')} },`,
      ...(request.length ? ['  request: {', ...request, '  },'] : []),
      '};',
    );
  }
  if (body.join('\n').includes('verifyBearerToken')) lines.push("import { verifyBearerToken } from '../http/bearerTokens.ts';");
  if (body.join('\n').includes('V.')) lines.push("import * as V from '../validation/runtime.ts';");
  if (body.join('\n').includes('rules.')) lines.push("import * as rules from '../validation/rules.ts';");
  return [...lines, ...body, ''].join('\n');
}

function compileEnvironment(): string {
  const source = compileSchema(environmentSchema as z.ZodMiniType, 'environment');
  return [
    ...banner('shared/environmentSchema.ts'),
    "import * as V from '../validation/runtime.ts';",
    ...(source.includes('rules.') ? ["import * as rules from '../validation/rules.ts';"] : []),
    '',
    `export const environmentValidator = ${source};`,
    '',
  ].join('\n');
}

/** Every compiled file: path relative to the repository root → its source. */
export async function compiledValidatorFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const features = readdirSync(join(root, 'shared/routes'))
    .filter((name) => name.endsWith('.ts') && name !== 'types.ts')
    .map((name) => basename(name, '.ts'))
    .sort();
  for (const feature of features) {
    const module = (await import(join(root, 'shared/routes', `${feature}.ts`))) as Record<string, unknown>;
    files[`shared/compiled/${feature}.ts`] = compileRouteModule(feature, module);
  }
  files['shared/compiled/configuration.ts'] = compileEnvironment();
  // The document only changes with the routes, so the openapi function serves it ready-made.
  const document = buildOpenApiDocument(manifest.routes, { version: '1.0.0' });
  files['shared/compiled/openApiDocument.ts'] = [
    ...banner('shared/manifest.ts (shared/http/openapi.ts)'),
    // Kept gzip'd, as the openapi function sends it: ~15 KiB in its bundle instead of ~290, nothing to serialize.
    `export const openApiDocumentGzipBase64 = ${JSON.stringify(gzipSync(JSON.stringify(document), { level: 9 }).toString('base64'))};`,
    '',
  ].join('\n');
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(compiledDirectory, { recursive: true });
  for (const [path, source] of Object.entries(await compiledValidatorFiles())) {
    writeFileSync(join(root, path), source);
    console.log(`wrote ${path}`);
  }
}
