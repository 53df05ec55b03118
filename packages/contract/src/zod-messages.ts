import type { FieldError } from '@drift/domain/browser';
import type { ZodError } from 'zod';

export type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** One readable sentence for an issue, prefixed with the field it concerns. */
function issueMessage(issue: Issue): string {
  const field = fieldOf(issue.path);
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined'))
    return `${field} is required`;
  // Our schemas' own messages either name the field already or are a predicate to put after it.
  if (!field || issue.message.startsWith(field)) return issue.message;
  if (/^(is|must) /.test(issue.message)) return `${field} ${issue.message}`;
  return `${field}: ${issue.message}`;
}

/** One readable sentence per problem, prefixed with the field it concerns. */
export function formatZodError(error: ZodError): string {
  return error.issues.map(issueMessage).join('; ');
}

/**
 * The same problems per field, for the error's details: an unknown key is a field of its own
 * (one entry per key), each with the sentence its issue has in the message.
 */
export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const message = issueMessage(issue);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message }));
    }
    return [{ field: fieldOf(issue.path), message }];
  });
}
