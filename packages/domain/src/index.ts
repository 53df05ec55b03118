export * from './api-keys.ts';
export * from './errors.ts';
export * from './ids.ts';
export * from './pagination.ts';
export * from './return-morning.ts';
export * from './scopes.ts';
export * from './session.ts';
export * from './time.ts';
