import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('DRIFT_SPAMD', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['127.0.0.1:783', { host: '127.0.0.1', port: 783 }],
    ['spamd.internal:10783', { host: 'spamd.internal', port: 10783 }],
    ['[::1]:783', { host: '::1', port: 783 }],
  ])('%j is read as %j', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { DRIFT_SPAMD: value }).DRIFT_SPAMD).toEqual(expected);
  });

  it.each([
    ['spamd.internal', /DRIFT_SPAMD: .*the port is missing/],
    ['spamd://127.0.0.1:783', /DRIFT_SPAMD: .*not a URL/],
    ['127.0.0.1:99999', /DRIFT_SPAMD: .*not between 1 and 65535/],
    ['::1:783', /DRIFT_SPAMD: .*in brackets/],
  ])('%j stops the start with a message naming the variable', (value, message) => {
    expect(() => loadConfig({ DRIFT_SPAMD: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DRIFT_SPAMD: value })).toThrow(message);
  });
});
