// The half of the domain a browser can load: nothing from node (keys and passwords need node:crypto).
export * from './auto-reply-text.ts';
export * from './email-category.ts';
export * from './errors.ts';
export * from './limits.ts';
export * from './pagination.ts';
export * from './scopes.ts';
export * from './session.ts';
export * from './time.ts';
