import { describe, expect, it } from 'vitest';
import { catchDomainError } from './domain-error.test-util.ts';
import {
  assertApiAccess,
  assertScope,
  OPERATIONS,
  type Operation,
  PLANS,
  type Plan,
  parseScopes,
  REQUIRED_SCOPE,
  SCOPES,
  type Scope,
} from './scopes.ts';

// Written out independently of REQUIRED_SCOPE, and the other way round (what each scope unlocks,
// as the API reference lists it), so a wrong entry there fails the test.
const UNLOCKS: Record<Scope, Operation[]> = {
  'read:ooo': ['sessions.list', 'sessions.get'],
  'write:ooo': ['sessions.create', 'sessions.update', 'sessions.remove'],
  'read:emails': ['emails.list'],
  'read:playbook': ['playbooks.list'],
  'read:webhooks': ['webhooks.list', 'webhooks.get', 'webhooks.deliveries'],
  'write:webhooks': ['webhooks.create', 'webhooks.remove', 'webhooks.test'],
};
const EXPECTED = Object.fromEntries(
  Object.entries(UNLOCKS).flatMap(([scope, operations]) => operations.map((op) => [op, scope])),
) as Record<Operation, Scope>;

const VALID_LIST = 'read:ooo, write:ooo, read:emails, read:playbook, read:webhooks, write:webhooks';

describe('REQUIRED_SCOPE', () => {
  it('matches the expected table for every operation', () => {
    expect(REQUIRED_SCOPE).toEqual(EXPECTED);
    expect(Object.keys(REQUIRED_SCOPE).sort()).toEqual([...OPERATIONS].sort());
  });
});

describe('assertScope', () => {
  const matrix = OPERATIONS.flatMap((op) =>
    SCOPES.map((scope) => [op, scope, EXPECTED[op] === scope] as const),
  );

  it.each(matrix)('%s with only %s -> allowed: %s', (op, scope, allowed) => {
    if (allowed) {
      expect(() => assertScope([scope], op)).not.toThrow();
    } else {
      const e = catchDomainError(() => assertScope([scope], op));
      expect(e.code).toBe('INSUFFICIENT_SCOPE');
      expect(e.message).toBe(`API key lacks required scope: ${EXPECTED[op]}`);
    }
  });

  it.each(OPERATIONS)('exactly one scope unlocks %s', (op) => {
    const passing = SCOPES.filter((scope) => {
      try {
        assertScope([scope], op);
        return true;
      } catch {
        return false;
      }
    });
    expect(passing).toEqual([EXPECTED[op]]);
  });

  it.each(OPERATIONS)('denies %s when no scopes are granted', (op) => {
    expect(catchDomainError(() => assertScope([], op)).code).toBe('INSUFFICIENT_SCOPE');
  });

  it.each(OPERATIONS)('allows %s when all scopes are granted', (op) => {
    expect(() => assertScope(SCOPES, op)).not.toThrow();
  });

  it('matches scopes exactly (no case folding or trimming)', () => {
    expect(catchDomainError(() => assertScope(['READ:OOO', ' read:ooo'], 'sessions.list')).code).toBe(
      'INSUFFICIENT_SCOPE',
    );
  });

  it.each(['sessions.delete', 'toString', '__proto__'])('denies unknown operation %s', (op) => {
    const e = catchDomainError(() => assertScope(SCOPES, op as Operation));
    expect(e.code).toBe('INSUFFICIENT_SCOPE');
    expect(e.message).toContain(op);
  });
});

describe('parseScopes', () => {
  it.each([
    [['read:ooo'], ['read:ooo']],
    [
      [' write:ooo ', 'read:ooo'],
      ['read:ooo', 'write:ooo'],
    ],
    [
      ['read:playbook', 'read:ooo', 'read:playbook', ' read:ooo'],
      ['read:ooo', 'read:playbook'],
    ],
    [[...SCOPES].reverse(), [...SCOPES]],
  ])('%j -> %j', (input, expected) => {
    expect(parseScopes(input)).toEqual(expected);
  });

  it('rejects an empty list', () => {
    const e = catchDomainError(() => parseScopes([]));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe(`At least one scope is required. Valid scopes: ${VALID_LIST}`);
  });

  it.each([
    [['read:ooo', 'admin'], '"admin"'],
    [['READ:OOO'], '"READ:OOO"'],
    [['read:ooo', '   '], '""'],
    [['write:emails'], '"write:emails"'],
  ])('rejects %j naming %s', (input, named) => {
    const e = catchDomainError(() => parseScopes(input));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe(`Unknown scope: ${named}. Valid scopes: ${VALID_LIST}`);
  });

  it('rejects non-string entries arriving at runtime', () => {
    const e = catchDomainError(() => parseScopes([42 as unknown as string]));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toContain('42');
  });
});

describe('assertApiAccess', () => {
  it('lists the known plans', () => {
    expect(PLANS).toEqual(['free', 'team_growth']);
  });

  it('allows team_growth', () => {
    expect(() => assertApiAccess('team_growth')).not.toThrow();
  });

  it.each(['free', 'enterprise', ''])('refuses plan %j', (plan) => {
    const e = catchDomainError(() => assertApiAccess(plan as Plan));
    expect(e.code).toBe('FEATURE_NOT_AVAILABLE');
    expect(e.message).toBe('API access requires Team Growth plan');
  });
});
