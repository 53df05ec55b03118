export * from './mail-transport.ts';
export * from './outgoing-mail.ts';
export * from './parse-message.ts';
export * from './playbook-email.ts';
