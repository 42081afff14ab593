/**
 * Who is calling, and whether a route's audience admits them. Pure rules, no AWS.
 */
import { forbidden, unauthorized } from '../errors.ts';
import type { RouteAuth } from '../manifest.ts';

export interface SignedInCaller {
  kind: 'user';
  id: string;
  email: string | null;
  name: string | null;
  isStaff: boolean;
  isAdmin: boolean;
}

export type Caller = { kind: 'anonymous' } | SignedInCaller;

export const anonymous: Caller = { kind: 'anonymous' };

type Claims = Record<string, unknown>;

/**
 * Groups arrive as a JSON array from a verified token, but API Gateway's JWT authorizer flattens
 * array claims into a string such as `[staff admin]`; both forms are accepted.
 */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        return parseGroups(JSON.parse(trimmed));
      } catch {
        return [];
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

export function callerFromClaims(claims: Claims): Caller {
  const id = text(claims.sub);
  if (id === null) return anonymous;
  const groups = parseGroups(claims['cognito:groups'] ?? claims.groups);
  const isAdmin = groups.includes('admin');
  return {
    kind: 'user',
    id,
    email: text(claims.email)?.toLowerCase() ?? null,
    name: text(claims.name) ?? text(claims.preferred_username),
    isAdmin,
    isStaff: isAdmin || groups.includes('staff'),
  };
}

/** Throws the error the route's audience calls for; returns quietly when the caller is admitted. */
export function admitCaller(auth: RouteAuth, caller: Caller): void {
  switch (auth) {
    case 'public':
    case 'customer-or-guest':
      return;
    case 'customer':
      if (caller.kind !== 'user') throw unauthorized();
      return;
    case 'staff':
      if (caller.kind !== 'user') throw unauthorized();
      if (!caller.isStaff) throw forbidden('This route is for the support team');
      return;
    case 'admin':
      if (caller.kind !== 'user') throw unauthorized();
      if (!caller.isAdmin) throw forbidden('This route is for administrators');
      return;
  }
}

export function rolesOf(caller: SignedInCaller): Array<'customer' | 'staff' | 'admin'> {
  if (caller.isAdmin) return ['staff', 'admin'];
  if (caller.isStaff) return ['staff'];
  return ['customer'];
}
