export * from './dovecot.ts';
export * from './spamd.ts';
