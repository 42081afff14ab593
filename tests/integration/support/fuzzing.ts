/**
 * Request generators for the fuzzing test: fast-check arbitraries built from the OpenAPI document
 * the API serves (JSON Schema 2020-12 for path, query, header and body), giving requests the
 * contract accepts and mutations of them that the contract (or a documented rule) refuses. A
 * schema keyword the generators do not know fails loudly instead of being skipped.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import type { HttpMethod, HttpRoute, RouteAuth } from '../../../shared/manifest.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface JsonSchema {
  type?: 'string' | 'integer' | 'boolean' | 'null' | 'array' | 'object';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'email' | 'date-time';
  enum?: string[];
  const?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

const KNOWN_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength',
  'pattern', 'format', 'enum', 'const', 'anyOf', 'oneOf', 'minimum', 'maximum', 'default',
]);

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

/** One route as the fuzzer sees it: the manifest's method, path and audience, the document's schemas. */
export interface Operation {
  method: HttpMethod;
  path: string;
  auth: RouteAuth;
  tag: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

interface OpenApiOperation {
  parameters: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}
export type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** The operation of every manifest route; a route the document does not describe is an error. */
export function operationsFor(routes: HttpRoute[], document: OpenApiDocument): Operation[] {
  return routes.map((route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    if (!operation) throw new Error(`The OpenAPI document has no operation for ${route.method} ${route.path}`);
    const body = operation.requestBody?.content['application/json'].schema;
    return {
      method: route.method,
      path: route.path,
      auth: route.auth,
      tag: route.tag,
      // `lang` is every route's; the generators add it themselves.
      parameters: operation.parameters.filter((parameter) => !(parameter.in === 'query' && parameter.name === 'lang')),
      ...(body ? { body } : {}),
    };
  });
}

// ── Validation: the document's own schemas decide what is valid ──

const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
const validators = new WeakMap<JsonSchema, ValidateFunction>();

export function conforms(schema: JsonSchema, value: unknown): boolean {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate(value) === true;
}

function assertKnown(schema: JsonSchema) {
  const unknown = Object.keys(schema).filter((keyword) => !KNOWN_KEYWORDS.has(keyword));
  if (unknown.length > 0) throw new Error(`The fuzzer does not know the keywords ${unknown.join(', ')} in ${JSON.stringify(schema)}`);
}

const unsupported = (schema: JsonSchema): never => {
  throw new Error(`The fuzzer cannot generate values for ${JSON.stringify(schema)}`);
};

// ── Text ──

/**
 * Characters that break naive code: direction overrides, zero-width, emoji sequences, controls,
 * markup. Lone surrogates, which JSON can carry but UTF-8 cannot, are a mutation of their own.
 */
const edgeCharacters = [
  '\u202e', '\u200b', '\u200d', '\ufeff', '\u00a0', '\u2028', 'e\u0301', '😀', '👩‍💻', '🇵🇱', '\u0000', '\u0007', '\u001b',
  '\u007f', '\t', '\n', '\r', '<script>alert(1)</script>', '"', '\\', "'", '%00', '${x}', '../', 'ł', 'Ż',
];

const character = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...'abcdefxyz ABZ0189-_.,ąęłńóśżź'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(...edgeCharacters) },
);

/** JSON Schema counts length in code points. */
const codePoints = (text: string) => [...text].length;

/** `^[^…]*$`: a pattern that only forbids characters (free text), as opposed to one that shapes a value. */
function forbiddenCharacters(pattern: string | undefined): RegExp | undefined {
  const match = pattern === undefined ? null : /^\^\[\^(.+)\]\*\$$/.exec(pattern);
  return match ? new RegExp(`[${match[1]}]`, 'gu') : undefined;
}

const isFreeText = (schema: JsonSchema) => schema.pattern === undefined || forbiddenCharacters(schema.pattern) !== undefined;

function freeText(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength;
  const forbidden = forbiddenCharacters(schema.pattern);
  const clean = (text: string) => (forbidden ? text.replace(forbidden, '') : text);
  const short = fc.string({ unit: character, minLength: min, maxLength: Math.min(max ?? 40, Math.max(min, 40)) }).map(clean);
  const fits = (text: string) => codePoints(text) >= min && (max === undefined || codePoints(text) <= max);
  if (max === undefined) return short.filter(fits);
  // Exactly at the limit, in 1-, 2- and 4-byte characters: the boundary the validation must get right.
  const boundary = fc.constantFrom('x', 'ż', '😀').map((unit) => unit.repeat(max));
  return fc.oneof({ weight: 12, arbitrary: short }, { weight: 1, arbitrary: boundary }).filter(fits);
}

// ── Valid values ──

/**
 * Values of existing objects (ids, slugs, numbers, cursors, keys, versions), by the name of the
 * field, query parameter or header they belong in, or for a path parameter by its collection (the
 * path segment before it); offered there, alongside generated values, whenever they fit its
 * schema. They let a generated request get past "not found" to the code behind it.
 */
export interface Pools {
  known: Record<string, Array<string | number>>;
}

export const noPools: Pools = { known: {} };

function fromPool(name: string, schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> | undefined {
  const fitting = (pools.known[name] ?? []).filter((value) => conforms(schema, value));
  return fitting.length > 0 ? fc.constantFrom(...fitting) : undefined;
}

/** An existing object's value twice as often as a generated one, when the pool has one that fits. */
const preferringPool = (generatedValue: fc.Arbitrary<unknown>, pooled: fc.Arbitrary<unknown> | undefined, poolWeight = 2) =>
  pooled ? fc.oneof({ weight: poolWeight, arbitrary: pooled }, { weight: 1, arbitrary: generatedValue }) : generatedValue;

const isoDate = fc
  .oneof(
    fc.integer({ min: -30 * 24 * 60, max: 60 * 24 * 60 }).map((minutes) => new Date(Date.now() + minutes * 60_000)),
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }),
  )
  .map((date) => date.toISOString());

const emailAddress = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('com', 'pl', 'example', 'travel'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

function generatedString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.format === 'date-time') return isoDate;
  if (schema.format === 'email') return emailAddress;
  if (isFreeText(schema)) return freeText(schema);
  return fc.stringMatching(new RegExp(schema.pattern!, 'u'));
}

const INT32 = 2 ** 31 - 1;

function generated(schema: JsonSchema, pools: Pools, name: string): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return generatedString(schema);
    case 'integer': {
      const min = schema.minimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof(fc.integer({ min: Math.max(min, -INT32), max: Math.min(max, INT32) }), fc.constantFrom(min, max));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      // Items take the array's name: `serverIds` holds server ids.
      return fc.array(validValue(schema.items!, pools, name), { minLength, maxLength: Math.min(schema.maxItems ?? 3, Math.max(minLength, 3)) });
    }
    case 'object': {
      const required = new Set(schema.required ?? []);
      // An optional field is left out half the time, so requests with few fields are common.
      const fields = Object.entries(schema.properties ?? {}).map(([field, property]) => {
        const value = validValue(property, pools, field);
        return [field, required.has(field) ? value : fc.option(value, { nil: undefined, freq: 2 })] as const;
      });
      return fc
        .record(Object.fromEntries(fields))
        .map((object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)));
    }
    default:
      return unsupported(schema);
  }
}

/** A value the schema accepts; `name` is the field, parameter or header it is for. */
export function validValue(schema: JsonSchema, pools: Pools, name = ''): fc.Arbitrary<unknown> {
  assertKnown(schema);
  const branches = schema.anyOf ?? schema.oneOf;
  const value = branches ? fc.oneof(...branches.map((branch) => validValue(branch, pools, name))) : generated(schema, pools, name);
  return preferringPool(value, fromPool(name, schema, pools)).filter((candidate) => conforms(schema, candidate));
}

// ── Invalid values: each one refused by the schema (checked), from a mutation that names the flaw ──

const wrongTypes: unknown[] = [null, true, 0, -1, 1.5, 1e21, '', 'x', '1', [], [null], {}, { k: 1 }];

/** Field names a client might try to set on the server's behalf (mass assignment). */
const smuggledFields = ['status', 'assigneeId', 'customerId', 'owner', 'createdAt', 'version', 'number', 'isAdmin', 'role', '__proto__', 'constructor'];

const controlCharacters = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\r', '\n', '\t'];

const malformedText = ['..', '../etc/passwd', ' ', 'A B', '\u0000', 'ok\u0000', 'x'.repeat(300), "' OR 1=1 --", '<script>', 'ż', '😀', '\u202eexe.png'];

const malformedEmails = ['foo', 'a@', '@b.com', '"a,b"@x.com', 'a@b.com\n', 'a@b', 'Name <a@b.com>', 'a@b.com, c@d.com', 'a@b.com\r\nBcc: x@evil.example'];

const malformedDates = ['2024-02-30T00:00:00Z', 'yesterday', '2024-01-01', '2024-01-01T25:00:00Z', '2024-01-01T00:00:00+01:00', '1e9', ''];

/** `text` with `inserted` put in at a character position. */
const insertAt = (text: string, inserted: string, position: number) => {
  const characters = [...text];
  characters.splice(position % (characters.length + 1), 0, inserted);
  return characters.join('');
};

function invalidString(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const mutations: fc.Arbitrary<unknown>[] = [];
  if (schema.maxLength !== undefined) {
    const over = schema.maxLength + 1;
    mutations.push(
      fc
        .tuple(fc.constantFrom('a', 'ż', '😀', '\u202e'), fc.oneof(fc.constant(over), fc.integer({ min: over, max: over + 500 }), fc.integer({ min: 200_000, max: 300_000 })))
        .map(([unit, length]) => unit.repeat(length)),
    );
  }
  if ((schema.minLength ?? 0) > 0) mutations.push(fc.constant(''));
  const forbidden = forbiddenCharacters(schema.pattern);
  if (forbidden) {
    mutations.push(
      fc.tuple(freeText(schema), fc.constantFrom(...controlCharacters), fc.nat()).map(([text, control, at]) => insertAt(text, control, at)),
    );
  } else if (schema.pattern !== undefined) {
    mutations.push(fc.oneof(fc.constantFrom(...malformedText), fc.string({ unit: character, maxLength: 40 })));
  }
  if (schema.format === 'email') mutations.push(fc.constantFrom(...malformedEmails));
  if (schema.format === 'date-time') mutations.push(fc.constantFrom(...malformedDates));
  if (schema.enum || schema.const !== undefined) {
    const allowed = schema.enum ?? [schema.const!];
    mutations.push(fc.oneof(fc.constantFrom(...allowed.map((value) => value.toUpperCase()), ...allowed.map((value) => ` ${value}`)), fc.string()));
  }
  return mutations;
}

/** A value the schema refuses. */
export function invalidValue(schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  assertKnown(schema);
  const mutations: fc.Arbitrary<unknown>[] = [];
  const wrongType = wrongTypes.filter((value) => !conforms(schema, value));
  if (wrongType.length > 0) mutations.push(fc.constantFrom(...wrongType));
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    mutations.push(...branches.map((branch) => invalidValue(branch, pools)));
  } else if (schema.type === 'string') {
    mutations.push(...invalidString(schema));
  } else if (schema.type === 'integer') {
    const min = schema.minimum ?? -1_000_000;
    const max = schema.maximum ?? 1_000_000;
    mutations.push(fc.constantFrom(min - 1, max + 1, min + 0.5, String(min), -1e21, 1e21));
  } else if (schema.type === 'array') {
    const items = validValue(schema.items!, pools);
    if (schema.maxItems !== undefined) mutations.push(fc.array(items, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
    if ((schema.minItems ?? 0) > 0) mutations.push(fc.constant([]));
    mutations.push(
      fc
        .tuple(fc.array(items, { maxLength: 3 }), invalidValue(schema.items!, pools), fc.nat())
        .map(([list, bad, at]) => list.toSpliced(at % (list.length + 1), 0, bad)),
    );
  } else if (schema.type === 'object') {
    mutations.push(invalidObject(schema, pools));
  }
  if (mutations.length === 0) return unsupported(schema);
  return fc.oneof(...mutations).filter((value) => !conforms(schema, value));
}

/** Sets a key as an own property, `__proto__` included, so JSON.stringify sends it. */
function withField(object: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, name, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** An object the schema refuses: a required field missing, an unknown field added, or one field invalid. */
export function invalidObject(schema: JsonSchema, pools: Pools): fc.Arbitrary<Record<string, unknown>> {
  const valid = validValue(schema, pools) as fc.Arbitrary<Record<string, unknown>>;
  const properties = Object.entries(schema.properties ?? {});
  const mutations: fc.Arbitrary<Record<string, unknown>>[] = [];
  const required = schema.required ?? [];
  if (required.length > 0) {
    mutations.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([object, name]) => Object.fromEntries(Object.entries(object).filter(([key]) => key !== name))),
    );
  }
  const unknownNames = smuggledFields.filter((name) => !(name in (schema.properties ?? {})));
  mutations.push(
    fc
      .tuple(valid, fc.oneof(fc.constantFrom(...unknownNames), fc.string({ unit: character, minLength: 1, maxLength: 12 })), fc.jsonValue({ maxDepth: 1 }))
      .filter(([, name]) => !(name in (schema.properties ?? {})))
      .map(([object, name, value]) => withField(object, name, value)),
  );
  if (properties.length > 0) {
    mutations.push(
      fc
        .constantFrom(...properties)
        .chain(([name, property]) => fc.tuple(valid, fc.constant(name), invalidValue(property, pools)))
        .map(([object, name, bad]) => withField(object, name, bad)),
    );
  }
  return fc.oneof(...mutations).filter((value) => !conforms(schema, value));
}

// ── Requests ──

export type CallerName = 'anonymous' | 'customer' | 'otherCustomer' | 'guest' | 'staff' | 'admin' | 'forged';

export interface FuzzRequest {
  /** What was generated: `valid`, or the mutation (`body: malformed JSON`, `caller: not staff`…). */
  label: string;
  caller: CallerName;
  method: string;
  /** Path and query string, as sent. */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** Send byte-exact (fetch would normalise the path or refuse a GET body). */
  raw: boolean;
  /** A response the contract cannot describe (the local gateway's own); its error shape is still checked. */
  unchecked: boolean;
  /** For a request that must be refused: the statuses allowed (undefined: any 4xx). */
  expected?: number[];
}

/** The callers a route admits, so validation is reached instead of short-circuited by auth. */
export function admittedCallers(auth: RouteAuth): CallerName[] {
  switch (auth) {
    case 'public':
      return ['anonymous', 'customer', 'staff'];
    case 'customer':
      return ['customer', 'staff'];
    case 'customer-or-guest':
      return ['customer', 'guest', 'anonymous'];
    case 'staff':
      return ['staff', 'admin'];
    case 'admin':
      return ['admin'];
  }
}

/** Callers who must not reach another customer's objects through the route. */
function foreignCallers(auth: RouteAuth): CallerName[] {
  if (auth === 'public' || auth === 'customer-or-guest') return ['otherCustomer', 'guest', 'anonymous'];
  if (auth === 'customer') return ['otherCustomer'];
  return [];
}

interface Parts {
  caller: CallerName;
  params: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: unknown;
}

const encode = (value: string) => encodeURIComponent(value);

/** The path with its parameters filled in (each through `segment`), and the query string. */
function targetOf(operation: Operation, parts: Pick<Parts, 'params' | 'query'>, segment = (_name: string, value: string) => encode(value)) {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => segment(name, parts.params[name] ?? ''));
  const search = parts.query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
  return search ? `${path}?${search}` : path;
}

function toRequest(operation: Operation, parts: Parts, label: string, expected?: number[]): FuzzRequest {
  return {
    label,
    caller: parts.caller,
    method: operation.method,
    target: targetOf(operation, parts),
    headers: parts.body === undefined ? parts.headers : { ...parts.headers, 'content-type': 'application/json' },
    ...(parts.body === undefined ? {} : { body: JSON.stringify(parts.body) }),
    raw: false,
    unchecked: false,
    ...(expected ? { expected } : {}),
  };
}

/** A request whose body is sent as given text, under the given media type. */
function withRawBody(request: FuzzRequest, text: string, contentType = 'application/json'): FuzzRequest {
  return { ...request, headers: { ...request.headers, 'content-type': contentType }, body: text };
}

const byLocation = (operation: Operation, location: Parameter['in']) => operation.parameters.filter((parameter) => parameter.in === location);

/**
 * Path and query values travel in the request line, which servers cap (Node at 16 KB, API Gateway
 * lower): generated ones stay far below, whatever length the schema would allow.
 */
const URL_VALUE_MAX = 300;
const inUrl = (schema: JsonSchema): JsonSchema => ({ ...schema, maxLength: Math.min(schema.maxLength ?? URL_VALUE_MAX, URL_VALUE_MAX) });

/** Visible ASCII, no surrounding spaces: what an HTTP header value can carry unchanged. */
const headerSafe = (value: string) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value);

/** Parameters as one object schema, so optional ones are sometimes left out like optional fields. */
const asObject = (parameters: Parameter[], schemaOf = (parameter: Parameter) => parameter.schema): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, schemaOf(parameter)])),
  required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
});

// A URL carries percent-encoded UTF-8, which has no lone surrogates.
const wellFormed = (values: Record<string, string>) => Object.values(values).every((value) => value.isWellFormed());

/** The collection a path parameter picks from: the segment before it (`tickets` in `/v1/tickets/{number}`). */
const collectionOf = (operation: Operation, parameter: string) => {
  const segments = operation.path.split('/');
  return segments[segments.indexOf(`{${parameter}}`) - 1] ?? parameter;
};

/** Mostly an existing object of the route's collection (when there is one), else a generated id. */
function pathValue(operation: Operation, parameter: Parameter, pools: Pools): fc.Arbitrary<string> {
  const schema = inUrl(parameter.schema);
  const generatedId = (validValue(schema, noPools) as fc.Arbitrary<string>).filter((value) => value.isWellFormed());
  return preferringPool(generatedId, fromPool(collectionOf(operation, parameter.name), schema, pools), 3) as fc.Arbitrary<string>;
}

function validParts(operation: Operation, pools: Pools, callers: CallerName[], paramPools: Pools = pools): fc.Arbitrary<Parts> {
  const params = fc.record(Object.fromEntries(byLocation(operation, 'path').map((parameter) => [parameter.name, pathValue(operation, parameter, paramPools)])));
  const query = fc
    .tuple(
      (validValue(asObject(byLocation(operation, 'query'), (parameter) => inUrl(parameter.schema)), pools) as fc.Arbitrary<Record<string, string>>).filter(wellFormed),
      fc.option(fc.constantFrom('pl', 'en', 'de', 'PL', '', 'x'.repeat(300), '\u202een'), { nil: undefined }),
    )
    .map(([values, lang]): Array<[string, string]> => [...Object.entries(values), ...(lang === undefined ? [] : [['lang', lang] as [string, string]])]);
  const headers = fc
    .tuple(
      validValue(asObject(byLocation(operation, 'header')), pools) as fc.Arbitrary<Record<string, string>>,
      fc.option(fc.constantFrom('pl', 'en-US,en;q=0.9', 'de', '*', 'pl;q=abc', 'x'.repeat(200)), { nil: undefined }),
    )
    .map(([values, language]) => ({
      // No route requires a header, so one an HTTP header cannot carry unchanged is left out.
      ...Object.fromEntries(Object.entries(values).filter(([, value]) => headerSafe(value))),
      ...(language === undefined ? {} : { 'accept-language': language }),
    }));
  return fc.record({
    caller: fc.constantFrom(...callers),
    params,
    query,
    headers,
    ...(operation.body ? { body: validValue(operation.body, pools) } : {}),
  }) as fc.Arbitrary<Parts>;
}

/** Requests the contract accepts, from the callers the route admits. */
export function validRequest(operation: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  return validParts(operation, pools, admittedCallers(operation.auth)).map((parts) => toRequest(operation, parts, 'valid'));
}

/** A path or query value the parameter's schema refuses, short enough for a request line. */
function invalidUrlValue(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  const mutations: fc.Arbitrary<string>[] = [];
  if (schema.maxLength !== undefined && schema.maxLength <= 2048) {
    mutations.push(fc.constantFrom('a', 'ż').map((unit) => unit.repeat(schema.maxLength! + 1)));
  }
  if ((schema.minLength ?? 0) > 0) mutations.push(fc.constant(''));
  const forbidden = forbiddenCharacters(schema.pattern);
  if (forbidden) {
    mutations.push(fc.tuple(fc.stringMatching(/^[a-z]{0,10}$/), fc.constantFrom(...controlCharacters), fc.nat()).map(([text, control, at]) => insertAt(text, control, at)));
  } else if (schema.pattern !== undefined) {
    mutations.push(fc.oneof(fc.constantFrom(...malformedText), fc.string({ unit: character, maxLength: 40 })));
  }
  if (schema.enum) mutations.push(fc.oneof(fc.constantFrom(...schema.enum.map((value) => value.toUpperCase())), fc.string({ maxLength: 20 })));
  if (mutations.length === 0) return undefined;
  return fc.oneof(...mutations).filter((value) => value.isWellFormed() && !conforms(schema, value));
}

/** Raw path segments the gateway and the handlers must survive: traversal, NUL, bad or odd encodings, length. */
const rawSegments = ['..', '.', '%2e%2e', '%2E%2E%2F%2E%2E', '%00', 'a%00b', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%2F', 'a%2Fb', ';', '~', '%E2%80%AE', '%F0%9F%98%80', "'", '%22', '<x>', 'x'.repeat(5000)];

const wrongContentTypes = ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/xml', 'application/octet-stream', 'application/jsonp', 'json'];

const notObjects = ['[]', '[{}]', '"text"', '42', 'null', 'true'];

const malformedJsonTexts = ['{', '{"a":}', "{'a': 1}", '{"a": NaN}', '{"a": 1,}', '{"a": 1} {"b": 2}', '{/* c */}', '{"a": undefined}', '\u0000', 'nul'];

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

export interface RejectedOptions {
  /** Values of objects that the callers `otherCustomer`, `guest` and `anonymous` may not see. */
  foreign: Pools;
  /** Largest accepted JSON body, in bytes. */
  maxBodyBytes: number;
  /** Whether an unknown path parameter is refused (false for a route that creates what it does not find). */
  unknownIdIsRejected: boolean;
}

/**
 * Requests the route must refuse (4xx), each a valid request with one thing wrong: the caller, a
 * path parameter, the query, a header or the body. `expected` names the status where that flaw
 * alone decides it (the caller is admitted and everything else is valid).
 */
export function rejectedRequest(operation: Operation, pools: Pools, options: RejectedOptions): fc.Arbitrary<FuzzRequest> {
  const admitted = admittedCallers(operation.auth);
  const base = validParts(operation, pools, admitted);
  const mutations: fc.Arbitrary<FuzzRequest>[] = [];
  const pathParameters = byLocation(operation, 'path');
  const queryParameters = byLocation(operation, 'query');
  const headerParameters = byLocation(operation, 'header');
  const replaced = (parts: Parts, caller: CallerName, label: string, expected: number[]) => toRequest(operation, { ...parts, caller }, label, expected);

  // The caller
  if (operation.auth === 'customer' || operation.auth === 'staff' || operation.auth === 'admin') {
    mutations.push(base.map((parts) => replaced(parts, 'anonymous', 'caller: not signed in', [401])));
  }
  if (operation.auth === 'staff' || operation.auth === 'admin') mutations.push(base.map((parts) => replaced(parts, 'customer', 'caller: not staff', [403])));
  if (operation.auth === 'admin') mutations.push(base.map((parts) => replaced(parts, 'staff', 'caller: not an admin', [403])));
  mutations.push(base.map((parts) => replaced(parts, 'forged', 'caller: forged token', [401])));

  // Path parameters
  const mutablePath = pathParameters.flatMap((parameter) => {
    const invalid = invalidUrlValue(parameter.schema);
    return invalid ? [{ name: parameter.name, invalid }] : [];
  });
  if (mutablePath.length > 0) {
    mutations.push(
      fc
        .tuple(base, fc.constantFrom(...mutablePath))
        .chain(([parts, parameter]) =>
          parameter.invalid.map((value) => toRequest(operation, { ...parts, params: { ...parts.params, [parameter.name]: value } }, `path: invalid ${parameter.name}`, [404])),
        ),
    );
  }
  if (pathParameters.length > 0) {
    const foreign = foreignCallers(operation.auth);
    if (foreign.length > 0) {
      mutations.push(validParts(operation, pools, foreign, options.foreign).map((parts) => toRequest(operation, parts, "caller: someone else's object")));
    }
    if (options.unknownIdIsRejected) {
      mutations.push(validParts(operation, pools, admitted, noPools).map((parts) => toRequest(operation, parts, 'path: unknown object')));
    }
  }
  mutations.push(
    fc.tuple(base, fc.constantFrom(...rawSegments), fc.nat()).map(([parts, segment, at]) => {
      const request = toRequest(operation, parts, `path: raw segment ${segment.slice(0, 12)}`);
      const chosen = pathParameters[at % Math.max(pathParameters.length, 1)]?.name;
      const target = chosen
        ? targetOf(operation, parts, (name, value) => (name === chosen ? segment : encode(value)))
        : request.target.replace(/(\?|$)/, `/${segment}$1`);
      return { ...request, target, raw: true, unchecked: true };
    }),
  );

  // The query string
  const declared = new Set(queryParameters.map((parameter) => parameter.name));
  mutations.push(
    fc
      .tuple(
        base,
        fc.oneof(fc.constantFrom('sort', '__proto__', 'constructor', 'LIMIT', 'Lang', 'limit[]', 'x'.repeat(300), 'ż', ''), fc.string({ minLength: 1, maxLength: 10 })),
        fc.string({ maxLength: 20 }),
      )
      .filter(([, name, value]) => !declared.has(name) && name !== 'lang' && name.isWellFormed() && value.isWellFormed())
      .map(([parts, name, value]) => toRequest(operation, { ...parts, query: [...parts.query, [name, value]] }, 'query: unknown parameter', [400])),
  );
  const mutableQuery = queryParameters.flatMap((parameter) => {
    const invalid = invalidUrlValue(parameter.schema);
    return invalid ? [{ name: parameter.name, invalid }] : [];
  });
  if (mutableQuery.length > 0) {
    mutations.push(
      fc
        .tuple(base, fc.constantFrom(...mutableQuery))
        .chain(([parts, parameter]) =>
          parameter.invalid.map((value) =>
            toRequest(operation, { ...parts, query: [...parts.query.filter(([name]) => name !== parameter.name), [parameter.name, value]] }, `query: invalid ${parameter.name}`, [400]),
          ),
        ),
    );
  }

  // Headers the route declares
  if (headerParameters.length > 0) {
    mutations.push(
      fc
        .tuple(base, fc.constantFrom(...headerParameters))
        .chain(([parts, parameter]) =>
          fc
            .oneof(fc.constantFrom('x'.repeat(300), 'a b', 'short'), fc.stringMatching(/^[\x21-\x7e]{1,400}$/))
            .filter((value) => !conforms(parameter.schema, value))
            .map((value) => toRequest(operation, { ...parts, headers: { ...parts.headers, [parameter.name]: value } }, `header: invalid ${parameter.name}`, [400])),
        ),
    );
  }

  // The body
  if (operation.body) {
    const valid = (parts: Parts, label: string, expected: number[]) => toRequest(operation, parts, label, expected);
    mutations.push(
      fc.tuple(base, invalidObject(operation.body, pools)).map(([parts, bad]) => {
        // A string far over its limit can make the whole body too large, which is checked first.
        const tooLarge = Buffer.byteLength(JSON.stringify(bad)) > options.maxBodyBytes;
        return valid({ ...parts, body: bad }, 'body: invalid field', [tooLarge ? 413 : 400]);
      }),
      fc
        .tuple(base, fc.constantFrom('\\ud800', '\\udfff', 'a\\udc00b', '\\ud83d'), fc.nat())
        .map(([parts, escape, at]) => {
          // A lone surrogate travels only as a JSON escape: put one inside a string of the valid body.
          const text = JSON.stringify(parts.body);
          const strings = [...text.matchAll(/"(?:[^"\\]|\\.)*"/g)];
          const string = strings[at % Math.max(strings.length, 1)];
          const broken = string ? `${text.slice(0, string.index + 1)}${escape}${text.slice(string.index + 1)}` : text;
          return withRawBody(valid(parts, 'body: lone surrogate', [400]), broken);
        })
        .filter((request) => request.body!.includes('\\ud')),
      fc.tuple(base, fc.oneof(fc.constant(options.maxBodyBytes + 1), fc.integer({ min: options.maxBodyBytes + 1, max: 300_000 }))).map(([parts, size]) => {
        // Padding inside a string keeps the JSON valid: only the size is wrong.
        const text = JSON.stringify(parts.body);
        const members = text === '{}' ? '' : `,${text.slice(1, -1)}`;
        const frame = (padding: string) => `{"padding":"${padding}"${members}}`;
        return withRawBody(valid(parts, 'body: over the size limit', [413]), frame('x'.repeat(Math.max(size - Buffer.byteLength(frame('')), 0))));
      }),
      fc
        .tuple(base, fc.oneof(fc.constantFrom(...malformedJsonTexts), fc.nat().map((at) => ({ prefixOf: at }))))
        .map(([parts, malformed]) => {
          const text = JSON.stringify(parts.body);
          const body = typeof malformed === 'string' ? malformed : text.slice(0, malformed.prefixOf % Math.max(text.length - 1, 1));
          return withRawBody(valid(parts, 'body: malformed JSON', [400]), body);
        })
        .filter((request) => !isJson(request.body!)),
      fc.tuple(base, fc.constantFrom(...notObjects)).map(([parts, text]) => withRawBody(valid(parts, 'body: not an object', [400]), text)),
      fc
        .tuple(base, fc.constantFrom(...wrongContentTypes))
        .map(([parts, type]) => withRawBody(valid(parts, `body: sent as ${type}`, [415]), JSON.stringify(parts.body), type)),
      base.map((parts) => withRawBody(valid({ ...parts, body: undefined }, 'body: missing', [400]), '')),
    );
  } else {
    mutations.push(
      fc.tuple(base, fc.constantFrom('{}', '{"a":1}', 'x', '[]')).map(([parts, text]) => ({
        ...withRawBody(toRequest(operation, parts, 'body: sent to a route that takes none', [400]), text),
        // fetch refuses a body on GET; other clients send one anyway.
        raw: operation.method === 'GET',
      })),
    );
  }
  return fc.oneof(...mutations);
}
