/**
 * The integration tests' HTTP client. Every response it receives is checked against the OpenAPI
 * document the API serves: the status must be declared for that operation and the body must match
 * the declared schema, so the contract and the code cannot drift apart unnoticed.
 */
import { randomInt } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect, inject } from 'vitest';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const apiUrl = () => inject('apiUrl');

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Skip the contract check (for responses that are not the API's own, e.g. /_local). */
  unchecked?: boolean;
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Contract = { document: { paths: Record<string, Record<string, Operation>> }; ajv: Ajv2020 };
let contract: Promise<Contract> | undefined;
const validators = new Map<string, ValidateFunction>();

function loadContract(): Promise<Contract> {
  contract ??= fetch(`${apiUrl()}/v1/openapi.json`)
    .then((response) => response.json() as Promise<Contract['document']>)
    .then((document) => {
      const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
      ajv.addSchema(document, 'openapi');
      return { document, ajv };
    });
  return contract;
}

function templateFor(paths: string[], path: string) {
  return paths.find((template) => {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}

export async function checkAgainstContract(method: string, path: string, status: number, body: unknown) {
  const { document, ajv } = await loadContract();
  const template = templateFor(Object.keys(document.paths), path);
  if (!template) return; // Unknown paths answer the gateway's own 404, which the contract does not list.
  const operation = document.paths[template]?.[method.toLowerCase()];
  if (!operation) return;
  const declared = operation.responses[String(status)];
  expect(declared, `${method} ${template} answered ${status}, which its OpenAPI operation does not declare`).toBeDefined();
  const content = declared?.content?.['application/json'];
  if (!content) return;
  const key = `${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const pointer = `openapi#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    validate = ajv.compile({ $ref: pointer });
    validators.set(key, validate);
  }
  const valid = validate(body);
  expect(valid, `${key} body does not match the contract: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
}

export async function api<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  // Each request poses as its own client address (local gateway only) so per-address limits
  // such as the guest ticket limit never trip across tests; a test of those limits sets its own.
  const headers: Record<string, string> = { 'x-local-source-ip': randomClientAddress(), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Buffer | undefined = options.rawBody;
  if (payload === undefined && options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${apiUrl()}${path}`, { method, headers, body: payload });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  const body = isJson && text ? JSON.parse(text) : text;
  if (!options.unchecked) {
    await checkAgainstContract(method, new URL(path, 'http://x').pathname, response.status, body);
  }
  return { status: response.status, headers: response.headers, body, text };
}

export interface TestUser {
  sub: string;
  email: string;
  name: string;
  groups?: string[];
  expiresIn?: number;
}

export async function tokenFor(user: TestUser): Promise<string> {
  const response = await api<{ token: string }>('POST', '/_local/token', { body: user, unchecked: true });
  expect(response.status).toBe(200);
  return response.body.token;
}

let counter = 0;
/** A fresh user per call, so tests never depend on each other's data. */
export function uniqueUser(kind: 'customer' | 'staff' | 'admin'): TestUser {
  counter += 1;
  const id = `${kind}-${Date.now().toString(36)}-${counter}`;
  const groups = kind === 'customer' ? [] : kind === 'staff' ? ['staff'] : ['staff', 'admin'];
  return { sub: id, email: `${id}@example.com`, name: `Test ${kind} ${counter}`, groups };
}

export const expectError = (response: ApiResponse, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
};

const randomClientAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;
