import { describe, expect, it } from 'vitest';
import { admitCaller, anonymous, callerFromClaims, parseGroups, rolesOf, type SignedInCaller } from '../../shared/domain/callers.ts';
import { type AppError } from '../../shared/errors.ts';
import type { RouteAuth } from '../../shared/manifest.ts';

describe('parseGroups', () => {
  it('reads a JSON array from a verified token', () => {
    expect(parseGroups(['staff', 'admin', 7])).toEqual(['staff', 'admin']);
  });
  it('reads the flattened string API Gateway passes for array claims', () => {
    expect(parseGroups('[staff admin]')).toEqual(['staff', 'admin']);
    expect(parseGroups('["staff","admin"]')).toEqual(['staff', 'admin']);
    expect(parseGroups('[]')).toEqual([]);
  });
  it('reads a plain comma or space separated string, and ignores other types', () => {
    expect(parseGroups('staff,admin')).toEqual(['staff', 'admin']);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups({ staff: true })).toEqual([]);
  });
});

describe('callerFromClaims', () => {
  it('makes a customer of a token without groups, lower-casing the e-mail', () => {
    expect(callerFromClaims({ sub: 'c1', email: 'Anna@Example.PL', name: 'Anna' })).toEqual({
      kind: 'user',
      id: 'c1',
      email: 'anna@example.pl',
      name: 'Anna',
      isStaff: false,
      isAdmin: false,
    });
  });
  it('treats admin as staff too, from cognito:groups or groups', () => {
    expect(callerFromClaims({ sub: 'a', 'cognito:groups': '[admin]' })).toMatchObject({ isStaff: true, isAdmin: true });
    expect(callerFromClaims({ sub: 's', groups: ['staff'] })).toMatchObject({ isStaff: true, isAdmin: false });
  });
  it('is anonymous without a subject', () => {
    expect(callerFromClaims({ email: 'x@example.com' })).toEqual(anonymous);
  });
});

describe('admitCaller', () => {
  const customer: SignedInCaller = { kind: 'user', id: 'c', email: null, name: null, isStaff: false, isAdmin: false };
  const staff: SignedInCaller = { ...customer, id: 's', isStaff: true };
  const admin: SignedInCaller = { ...customer, id: 'a', isStaff: true, isAdmin: true };
  const outcome = (auth: RouteAuth, caller: Parameters<typeof admitCaller>[1]) => {
    try {
      admitCaller(auth, caller);
      return 'admitted';
    } catch (error) {
      return (error as AppError).code;
    }
  };

  it.each([
    ['public', 'admitted', 'admitted', 'admitted', 'admitted'],
    ['customer-or-guest', 'admitted', 'admitted', 'admitted', 'admitted'],
    ['customer', 'unauthorized', 'admitted', 'admitted', 'admitted'],
    ['staff', 'unauthorized', 'forbidden', 'admitted', 'admitted'],
    ['admin', 'unauthorized', 'forbidden', 'forbidden', 'admitted'],
  ] as const)('%s route: anonymous %s, customer %s, staff %s, admin %s', (auth, anon, cust, stf, adm) => {
    expect([outcome(auth, anonymous), outcome(auth, customer), outcome(auth, staff), outcome(auth, admin)]).toEqual([
      anon,
      cust,
      stf,
      adm,
    ]);
  });

  it('names roles for /v1/me', () => {
    expect(rolesOf(customer)).toEqual(['customer']);
    expect(rolesOf(staff)).toEqual(['staff']);
    expect(rolesOf(admin)).toEqual(['staff', 'admin']);
  });
});
