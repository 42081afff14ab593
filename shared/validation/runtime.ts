/**
 * What the compiled validators run on. The zod schemas in shared/schemas stay the single source
 * of validation; `npm run generate` (infra/generateValidators.ts) turns each request and
 * configuration schema into calls to the builders here, so a Lambda validates exactly as zod
 * would without bundling zod (~35 KiB of every function's bundle, and its set-up at every cold
 * start). Each builder mirrors the zod/mini 4 schema or check of the same name, down to the order
 * of checks, which issues stop later checks, and the English messages;
 * tests/unit/compiledValidators.test.ts proves the two agree on generated inputs.
 */

export type PathSegment = string | number;

export interface Issue {
  code: string;
  path: PathSegment[];
  message: string;
  /** unrecognized_keys only. */
  keys?: string[];
  /** As in zod: true lets later checks run, false stops even checks with a `when`, absent stops those without. */
  continue?: boolean;
}

interface Payload {
  value: unknown;
  issues: Issue[];
  aborted?: boolean;
}

type Presence = 'optional' | 'defaulted' | undefined;

export interface Validator {
  run(payload: Payload): Payload;
  /** How a missing object key is treated (zod's optin/optout). */
  optin?: Presence;
  optout?: 'optional';
  /** The literal values it accepts, for discriminated unions. */
  values?: ReadonlySet<unknown>;
}

export interface Check {
  check(payload: Payload): void;
  /** Length checks run even after a type error, on anything with a length (as zod's do). */
  when?: (payload: Payload) => boolean;
  /** A length check (minLength, maxLength); `maximum` for maxLength. */
  length?: { maximum?: number };
}

export type ParseResult = { success: true; data: unknown } | { success: false; issues: Issue[] };

export function safeParse(validator: Validator, value: unknown): ParseResult {
  const result = validator.run({ value, issues: [] });
  return result.issues.length ? { success: false, issues: result.issues } : { success: true, data: result.value };
}

const aborted = (payload: Payload, from = 0) => payload.aborted === true || payload.issues.slice(from).some((issue) => issue.continue !== true);
const explicitlyAborted = (payload: Payload) => payload.aborted === true || payload.issues.some((issue) => issue.continue === false);

function typeName(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'number' : String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && Object.getPrototypeOf(value) !== Object.prototype && 'constructor' in value && typeof value.constructor === 'function') {
    return value.constructor.name;
  }
  return typeof value;
}

const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

const invalidType = (expected: string, input: unknown, extra: Partial<Issue> = {}): Issue => ({
  code: 'invalid_type',
  path: [],
  message: `Invalid input: expected ${expected}, received ${typeName(input)}`,
  ...extra,
});

/** A schema's own parse followed by its checks, as zod's `run`. */
function withChecks(parse: (payload: Payload) => Payload, checks: Check[], extra: Partial<Validator> = {}): Validator {
  if (checks.length === 0) return { run: parse, ...extra };
  return {
    ...extra,
    run(payload) {
      const result = parse(payload);
      let isAborted = aborted(result);
      for (const check of checks) {
        if (check.when) {
          if (explicitlyAborted(result) || !check.when(result)) continue;
        } else if (isAborted) {
          continue;
        }
        const before = result.issues.length;
        check.check(result);
        if (result.issues.length !== before && !isAborted) isAborted = aborted(result, before);
      }
      return result;
    },
  };
}

function typeCheck(expected: string, accepts: (value: unknown) => boolean) {
  return (payload: Payload) => {
    if (!accepts(payload.value)) payload.issues.push(invalidType(expected, payload.value));
    return payload;
  };
}

// Types

export const string = (...checks: Check[]) => withChecks(typeCheck('string', (value) => typeof value === 'string'), checks);

export const number = (...checks: Check[]) =>
  withChecks(typeCheck('number', (value) => typeof value === 'number' && Number.isFinite(value)), checks);

/** z.int(): a number whose first check is the safe-integer format. */
export const int = (...checks: Check[]) => number(safeInteger, ...checks);

export const boolean = () => withChecks(typeCheck('boolean', (value) => typeof value === 'boolean'), []);

export const unknown = () => withChecks((payload) => payload, []);

function oneOf(values: readonly unknown[], checks: Check[]): Validator {
  const accepted = new Set(values);
  const message =
    values.length === 1 ? `Invalid input: expected ${quoted(values[0])}` : `Invalid option: expected one of ${values.map(quoted).join('|')}`;
  const parse = (payload: Payload) => {
    if (!accepted.has(payload.value)) payload.issues.push({ code: 'invalid_value', path: [], message });
    return payload;
  };
  return withChecks(parse, checks, { values: accepted });
}

export const literal = (values: readonly unknown[], ...checks: Check[]) => oneOf(values, checks);
export const enumeration = (values: readonly unknown[], ...checks: Check[]) => oneOf(values, checks);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function prefixed(key: PathSegment, issues: Issue[]) {
  for (const issue of issues) issue.path.unshift(key);
  return issues;
}

function objectOf(shape: Record<string, Validator>, strict: boolean, checks: Check[]): Validator {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  const parse = (payload: Payload) => {
    const input = payload.value;
    if (!isObject(input)) {
      payload.issues.push(invalidType('object', input));
      return payload;
    }
    const output: Record<string, unknown> = {};
    payload.value = output;
    for (const key of keys) {
      if (key === '__proto__') continue;
      const field = shape[key]!;
      const result = field.run({ value: input[key], issues: [] });
      const isPresent = key in input;
      // zod's handlePropertyResult: how presence, optionality and defaults shape the output.
      if (!isPresent && field.optout === 'optional' && field.optin === 'optional') continue;
      if (result.issues.length) {
        if (field.optin !== undefined && field.optout === 'optional' && !isPresent) continue;
        payload.issues.push(...prefixed(key, result.issues));
      }
      if (!isPresent && field.optin === undefined) {
        if (!result.issues.length) payload.issues.push(invalidType('nonoptional', undefined, { path: [key] }));
        continue;
      }
      if (result.value === undefined) {
        if (isPresent || (field.optin === 'defaulted' && field.optout !== 'optional')) output[key] = undefined;
      } else {
        output[key] = result.value;
      }
    }
    if (strict) {
      const unrecognized: string[] = [];
      for (const key in input) if (!known.has(key)) unrecognized.push(key);
      if (unrecognized.length) {
        payload.issues.push({
          code: 'unrecognized_keys',
          path: [],
          keys: unrecognized,
          message: `Unrecognized key${unrecognized.length > 1 ? 's' : ''}: ${unrecognized.map(quoted).join(', ')}`,
          continue: true,
        });
      }
    }
    return payload;
  };
  return withChecks(parse, checks);
}

/** z.strictObject: unknown keys are an issue. */
export const strictObject = (shape: Record<string, Validator>, ...checks: Check[]) => objectOf(shape, true, checks);
/** z.object: unknown keys are dropped. */
export const object = (shape: Record<string, Validator>, ...checks: Check[]) => objectOf(shape, false, checks);

export function array(element: Validator, ...checks: Check[]): Validator {
  // zod's size caps: the leading length checks with a maximum refuse an over-long array before
  // its items are read, and stop every later check.
  const caps: Check[] = [];
  for (const check of checks) {
    if (!check.length) break;
    if (check.length.maximum !== undefined) caps.push(check);
  }
  const parse = (payload: Payload) => {
    const input = payload.value;
    if (!Array.isArray(input)) {
      payload.issues.push(invalidType('array', input));
      return payload;
    }
    const cap = caps.find((check) => input.length > check.length!.maximum!);
    if (cap) {
      const start = payload.issues.length;
      cap.check(payload);
      payload.issues[start]!.continue = false;
      return payload;
    }
    const output: unknown[] = Array(input.length);
    payload.value = output;
    input.forEach((item, index) => {
      const result = element.run({ value: item, issues: [] });
      if (result.issues.length) payload.issues.push(...prefixed(index, result.issues));
      output[index] = result.value;
    });
    return payload;
  };
  return withChecks(parse, checks);
}

export function optional(inner: Validator, ...checks: Check[]): Validator {
  const parse = (payload: Payload) => {
    if (payload.value !== undefined) return inner.run(payload);
    if (inner.optin !== 'defaulted') return payload;
    const result = inner.run({ value: undefined, issues: [] });
    payload.value = result.issues.length ? undefined : result.value;
    return payload;
  };
  return withChecks(parse, checks, {
    optin: inner.optin === 'defaulted' ? 'defaulted' : 'optional',
    optout: 'optional',
    ...(inner.values ? { values: new Set([...inner.values, undefined]) } : {}),
  });
}

export function nullable(inner: Validator, ...checks: Check[]): Validator {
  const parse = (payload: Payload) => (payload.value === null ? payload : inner.run(payload));
  return withChecks(parse, checks, {
    optin: inner.optin,
    ...(inner.optout ? { optout: inner.optout } : {}),
    ...(inner.values ? { values: new Set([...inner.values, null]) } : {}),
  });
}

/** z._default: a missing value becomes `fallback` without being validated (as in zod). */
export function withDefault(inner: Validator, fallback: unknown, ...checks: Check[]): Validator {
  // A fresh copy each time, so no request can change the default another one gets.
  const copy = () => structuredClone(fallback);
  const parse = (payload: Payload) => {
    if (payload.value === undefined) {
      payload.value = copy();
      return payload;
    }
    const result = inner.run(payload);
    if (result.value === undefined) result.value = copy();
    return result;
  };
  return withChecks(parse, checks, { optin: 'defaulted', ...(inner.values ? { values: inner.values } : {}) });
}

export function pipe(input: Validator, output: Validator, ...checks: Check[]): Validator {
  const parse = (payload: Payload) => {
    const left = input.run(payload);
    // Any issue but an unknown key stops the pipe, so a failing check never feeds a transform.
    if (left.issues.some((issue) => issue.code !== 'unrecognized_keys')) {
      left.aborted = true;
      return left;
    }
    return output.run({ value: left.value, issues: left.issues });
  };
  return withChecks(parse, checks, {
    optin: input.optin,
    ...(output.optout ? { optout: output.optout } : {}),
    ...(input.values ? { values: input.values } : {}),
  });
}

export function transform(change: (value: never) => unknown, ...checks: Check[]): Validator {
  const parse = (payload: Payload) => {
    payload.value = change(payload.value as never);
    return payload;
  };
  return withChecks(parse, checks, { optin: 'optional' });
}

export function union(options: Validator[], ...checks: Check[]): Validator {
  const parse = (payload: Payload) => {
    const results: Payload[] = [];
    for (const option of options) {
      const result = option.run({ value: payload.value, issues: [] });
      if (result.issues.length === 0) return result;
      results.push(result);
    }
    // One option that failed only its checks (not its type) is the one the caller meant: its issues say why.
    const nonAborted = results.filter((result) => !aborted(result));
    if (nonAborted.length === 1) {
      payload.value = nonAborted[0]!.value;
      return nonAborted[0]!;
    }
    payload.issues.push({ code: 'invalid_union', path: [], message: 'Invalid input' });
    return payload;
  };
  return withChecks(parse, checks, {
    optin: options.some((option) => option.optin === 'defaulted') ? 'defaulted' : options.some((option) => option.optin !== undefined) ? 'optional' : undefined,
    ...(options.some((option) => option.optout === 'optional') ? { optout: 'optional' as const } : {}),
  });
}

/** z.discriminatedUnion: the option whose `discriminator` field accepts the input's value. */
export function discriminatedUnion(discriminator: string, options: { values: readonly unknown[]; validator: Validator }[], ...checks: Check[]): Validator {
  const byValue = new Map<unknown, Validator>();
  for (const option of options) for (const value of option.values) byValue.set(value, option.validator);
  const expected = [...byValue.keys()].map((value) => `'${String(value)}'`).join(' | ');
  const parse = (payload: Payload) => {
    const input = payload.value;
    if (!isObject(input)) {
      payload.issues.push(invalidType('object', input));
      return payload;
    }
    const option = byValue.get(input[discriminator]);
    if (option) return option.run(payload);
    payload.issues.push({ code: 'invalid_union', path: [discriminator], message: `Invalid discriminator value. Expected ${expected}` });
    return payload;
  };
  return withChecks(parse, checks);
}

// Checks

const lengthOf = (value: unknown) => (value as { length: number }).length;
const hasLength = (payload: Payload) => payload.value !== undefined && payload.value !== null && lengthOf(payload.value) !== undefined;

/** Characters as people count them: a surrogate pair (an emoji) is one. */
function codePoints(text: string) {
  let count = text.length;
  for (let index = 0; index < text.length - 1; index += 1) {
    if ((text.charCodeAt(index) & 0xfc00) === 0xd800 && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      count -= 1;
      index += 1;
    }
  }
  return count;
}

const sizeOrigin = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'unknown');
const sizeUnit: Record<string, string> = { string: 'characters', array: 'items' };

function sizeMessage(kind: 'big' | 'small', origin: string, bound: number) {
  const unit = sizeUnit[origin];
  const adjective = kind === 'big' ? '<=' : '>=';
  const subject = kind === 'big' ? (origin ?? 'value') : origin;
  return unit
    ? `Too ${kind}: expected ${subject} to have ${adjective}${bound} ${unit}`
    : `Too ${kind}: expected ${subject} to be ${adjective}${bound}`;
}

export const maxLength = (maximum: number, message?: string): Check => ({
  length: { maximum },
  when: hasLength,
  check(payload) {
    const input = payload.value;
    const length = typeof input === 'string' && input.length > maximum ? codePoints(input) : lengthOf(input);
    if (length <= maximum) return;
    const origin = sizeOrigin(input);
    payload.issues.push({ code: 'too_big', path: [], message: message ?? sizeMessage('big', origin, maximum), continue: true });
  },
});

export const minLength = (minimum: number, message?: string): Check => ({
  length: {},
  when: hasLength,
  check(payload) {
    const input = payload.value;
    const units = lengthOf(input);
    const length = typeof input === 'string' && units >= minimum && units < minimum * 2 ? codePoints(input) : units;
    if (length >= minimum) return;
    const origin = sizeOrigin(input);
    payload.issues.push({ code: 'too_small', path: [], message: message ?? sizeMessage('small', origin, minimum), continue: true });
  },
});

const numberOrigin = (value: unknown, fallback: string) => (typeof value === 'number' ? 'number' : typeof value === 'bigint' ? 'bigint' : typeof value === 'object' ? 'date' : fallback);

/** z.lte */
export const lte = (maximum: number, message?: string): Check => ({
  check(payload) {
    if ((payload.value as number) <= maximum) return;
    payload.issues.push({ code: 'too_big', path: [], message: message ?? sizeMessage('big', numberOrigin(payload.value, 'number'), maximum), continue: true });
  },
});

/** z.gte */
export const gte = (minimum: number, message?: string): Check => ({
  check(payload) {
    if ((payload.value as number) >= minimum) return;
    payload.issues.push({ code: 'too_small', path: [], message: message ?? sizeMessage('small', numberOrigin(payload.value, 'number'), minimum), continue: true });
  },
});

/** z.int's format check: a whole number within the safe-integer range. */
const safeInteger: Check = {
  check(payload) {
    const input = payload.value as number;
    if (!Number.isInteger(input)) {
      payload.issues.push(invalidType('int', input, { continue: false }));
      return;
    }
    if (!Number.isSafeInteger(input)) {
      const big = input > 0;
      payload.issues.push({
        code: big ? 'too_big' : 'too_small',
        path: [],
        message: sizeMessage(big ? 'big' : 'small', 'int', big ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER),
        continue: true,
      });
    }
  },
};

/** z.regex, and the string formats zod checks by a pattern (email, ISO date-time): `format` names it in the default message. */
export const pattern = (regex: RegExp, format: 'regex' | 'email' | 'datetime', message?: string): Check => ({
  check(payload) {
    regex.lastIndex = 0;
    if (regex.test(payload.value as string)) return;
    const defaultMessage = format === 'regex' ? `Invalid string: must match pattern ${regex}` : format === 'email' ? 'Invalid email address' : 'Invalid ISO datetime';
    payload.issues.push({ code: 'invalid_format', path: [], message: message ?? defaultMessage, continue: true });
  },
});

/** z.url(): a string the WHATWG URL parser accepts, trimmed, without tabs and line breaks. */
export const url = (message?: string): Check => ({
  check(payload) {
    const trimmed = (payload.value as string).trim();
    if (URL.canParse(trimmed)) payload.value = trimmed.replace(/[\t\n\r]/g, '');
    else payload.issues.push({ code: 'invalid_format', path: [], message: message ?? 'Invalid URL', continue: true });
  },
});

/** z.refine: `accepts` false adds a custom issue (at `path` under the value, when given). */
export const refine = (accepts: (value: never) => unknown, message: string, path: PathSegment[] = []): Check => ({
  check(payload) {
    if (!accepts(payload.value as never)) payload.issues.push({ code: 'custom', path: [...path], message, continue: true });
  },
});

/** z.overwrite (z.trim, z.toLowerCase): replaces the value for the checks after it. */
export const overwrite = (change: (value: never) => unknown): Check => ({
  check(payload) {
    payload.value = change(payload.value as never);
  },
});

export const trimText = (text: string) => text.trim();
export const lowerCaseText = (text: string) => text.toLowerCase();
