import { expect, it } from 'vitest';
import { EMAIL_CATEGORIES } from './email-category.ts';

it('lists the email categories in the documented order', () => {
  expect(EMAIL_CATEGORIES.join(', ')).toBe('urgent, action_required, fyi, newsletter, promotional, resolved');
});
