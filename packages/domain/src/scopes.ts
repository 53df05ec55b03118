import { DomainError } from './errors.ts';

export const SCOPES = [
  'read:ooo',
  'write:ooo',
  'read:emails',
  'read:playbook',
  'read:webhooks',
  'write:webhooks',
] as const;
export type Scope = (typeof SCOPES)[number];

export const OPERATIONS = [
  'sessions.list',
  'sessions.get',
  'sessions.create',
  'sessions.update',
  'sessions.remove',
  'emails.list',
  'playbooks.list',
  'webhooks.list',
  'webhooks.get',
  'webhooks.deliveries',
  'webhooks.create',
  'webhooks.remove',
  'webhooks.test',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const REQUIRED_SCOPE: Record<Operation, Scope> = {
  'sessions.list': 'read:ooo',
  'sessions.get': 'read:ooo',
  'sessions.create': 'write:ooo',
  'sessions.update': 'write:ooo',
  'sessions.remove': 'write:ooo',
  'emails.list': 'read:emails',
  'playbooks.list': 'read:playbook',
  'webhooks.list': 'read:webhooks',
  'webhooks.get': 'read:webhooks',
  'webhooks.deliveries': 'read:webhooks',
  'webhooks.create': 'write:webhooks',
  'webhooks.remove': 'write:webhooks',
  'webhooks.test': 'write:webhooks',
};

export function assertScope(granted: readonly string[], operation: Operation): void {
  // hasOwn guards against callers passing an unchecked string such as 'toString' at runtime.
  const scope = Object.hasOwn(REQUIRED_SCOPE, operation) ? REQUIRED_SCOPE[operation] : undefined;
  if (scope === undefined) {
    throw new DomainError(
      'INSUFFICIENT_SCOPE',
      `API key lacks required scope for unknown operation: ${operation}`,
    );
  }
  if (!granted.includes(scope)) {
    throw new DomainError('INSUFFICIENT_SCOPE', `API key lacks required scope: ${scope}`);
  }
}

function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

export function parseScopes(input: readonly string[]): Scope[] {
  const valid = `Valid scopes: ${SCOPES.join(', ')}`;
  if (!Array.isArray(input) || input.length === 0) {
    throw new DomainError('VALIDATION_ERROR', `At least one scope is required. ${valid}`);
  }
  const seen = new Set<Scope>();
  for (const raw of input) {
    const s = typeof raw === 'string' ? raw.trim() : raw;
    if (typeof s !== 'string' || !isScope(s)) {
      throw new DomainError('VALIDATION_ERROR', `Unknown scope: ${JSON.stringify(s)}. ${valid}`);
    }
    seen.add(s);
  }
  return SCOPES.filter((s) => seen.has(s));
}

export const PLANS = ['free', 'team_growth'] as const;
export type Plan = (typeof PLANS)[number];

export function assertApiAccess(plan: Plan): void {
  // Allow-list rather than `plan === 'free'` so an unexpected plan value is denied.
  if (plan !== 'team_growth') {
    throw new DomainError('FEATURE_NOT_AVAILABLE', 'API access requires Team Growth plan');
  }
}
