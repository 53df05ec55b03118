export * from './dovecot.ts';
export * from './process-group.ts';
export * from './spamd.ts';
