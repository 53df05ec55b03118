import type { ZodError } from 'zod';

/** One readable sentence per problem, prefixed with the field it concerns. */
export function formatZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}`;
      if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined'))
        return `${field} is required`;
      // Our schemas' own messages either name the field already or are a predicate to put after it.
      if (!field || issue.message.startsWith(field)) return issue.message;
      if (/^(is|must) /.test(issue.message)) return `${field} ${issue.message}`;
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
