import type { RuleAction, RuleCondition } from '@drift/contract';
import { DomainError, type FieldError } from '@drift/domain';

// What a rule's values must mean, beyond their shape (checked by the contract): one address, a
// domain, a header name, each action once. Values are normalised as they are matched: addresses
// and domains lower-cased, a domain without a leading `@` or `*.`.

const ADDRESS = /^[^\s@]+@[^\s@]+$/;
const DOMAIN = /^[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)*$/u;
/** RFC 5322 field name: printable ASCII except the colon. */
const HEADER_NAME = /^[!-9;-~]+$/;

function conditionProblem(condition: RuleCondition): { path: string; message: string } | null {
  if (condition.field === 'header') {
    if (condition.name === undefined)
      return { path: 'name', message: 'a header condition needs the header name, such as X-Priority' };
    if (!HEADER_NAME.test(condition.name))
      return {
        path: 'name',
        message: `“${condition.name}” is not a header name (letters, digits and dashes, no colon or space)`,
      };
    return null;
  }
  if (condition.name !== undefined)
    return { path: 'name', message: `name is only for header conditions, not ${condition.field}` };
  if (condition.field === 'from_address' && !ADDRESS.test(condition.value))
    return {
      path: 'value',
      message: `from_address must be one email address, such as ana@example.com (not “${condition.value}”)`,
    };
  if (condition.field === 'from_domain' && !DOMAIN.test(normalDomain(condition.value)))
    return {
      path: 'value',
      message: `from_domain must be a domain, such as example.com (not “${condition.value}”)`,
    };
  return null;
}

const normalDomain = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/^(\*\.|@|\.)/, '');

function normalCondition(condition: RuleCondition): RuleCondition {
  switch (condition.field) {
    case 'from_address':
      return { field: condition.field, value: condition.value.trim().toLowerCase() };
    case 'from_domain':
      return { field: condition.field, value: normalDomain(condition.value) };
    case 'header':
      return { field: condition.field, name: condition.name?.trim(), value: condition.value };
    default:
      return { field: condition.field, value: condition.value };
  }
}

/** The conditions as stored and matched; a VALIDATION_ERROR naming every bad one. */
export function validConditions(conditions: RuleCondition[]): RuleCondition[] {
  const trimmed = conditions.map((condition) => ({
    ...condition,
    value: condition.value.trim(),
    ...(condition.name !== undefined && { name: condition.name.trim() }),
  }));
  const fields: FieldError[] = trimmed.flatMap((condition, i) => {
    const problem = conditionProblem(condition);
    return problem ? [{ field: `conditions.${i}.${problem.path}`, message: problem.message }] : [];
  });
  if (fields.length > 0) throw invalid(fields);
  return trimmed.map(normalCondition);
}

/** The actions as stored; a VALIDATION_ERROR when one is given twice. */
export function validActions(actions: RuleAction[]): RuleAction[] {
  const seen = new Set<string>();
  const fields: FieldError[] = actions.flatMap((action, i) => {
    if (!seen.has(action.type)) {
      seen.add(action.type);
      return [];
    }
    return [
      {
        field: `actions.${i}.type`,
        message: `the action ${action.type} is given twice; a rule does each once`,
      },
    ];
  });
  if (fields.length > 0) throw invalid(fields);
  return actions;
}

function invalid(fields: FieldError[]): DomainError {
  const message = fields.map((field) => `${field.field}: ${field.message}`).join('; ');
  return new DomainError('VALIDATION_ERROR', message, { details: { fields } });
}
