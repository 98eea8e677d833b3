import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.ts';

const problemsOf = (env: Record<string, string>, overrides = {}): readonly string[] => {
  try {
    parseConfig(env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('has documented defaults on the embedded database', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', role: 'all', secureCookies: true });
    expect(c.database.kind).toBe('pglite');
    expect(c.database.dataDir).toMatch(/\/data$/);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      TRUCELINE_LOG_LEVEL: 'loud',
      TRUCELINE_DEMO: 'maybe',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT: must be a TCP port number \(got "eighty"\)/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a postgres:\/\/ connection URL/);
    expect(problems.join('\n')).toMatch(/TRUCELINE_LOG_LEVEL: must be one of/);
  });

  it('requires a shared secret on PostgreSQL, with no silent fallback', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://u:hunter2@db/truceline' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/TRUCELINE_SECRET: required with DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/TRUCELINE_LOG_KEY_FILE: required with DATABASE_URL/);
    const ok = parseConfig({
      DATABASE_URL: 'postgres://db/t',
      TRUCELINE_SECRET: 'x'.repeat(32),
      TRUCELINE_LOG_KEY_FILE: '/etc/truceline/log-key.pem',
    });
    expect(ok.database.kind).toBe('postgres');
  });

  it('never echoes secrets or database passwords in errors', () => {
    const problems = problemsOf({
      DATABASE_URL: 'postgres://u:hunter2@db/t',
      TRUCELINE_SECRET: 'short-secret',
    });
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('refuses separate roles on the embedded database', () => {
    expect(problemsOf({}, { role: 'worker' })[0]).toMatch(/need PostgreSQL/);
    expect(problemsOf({}, { role: 'bogus' })[0]).toMatch(/--role: must be one of/);
  });

  it('takes CLI flags over the environment', () => {
    const c = parseConfig({ PORT: '9000', HOST: '127.0.0.1' }, { port: '9100', host: '0.0.0.0' });
    expect(c.port).toBe(9100);
    expect(c.host).toBe('0.0.0.0');
    expect(c.publicUrl).toBe('http://127.0.0.1:9100');
  });

  it('refuses out-of-range numbers', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/PORT: must be between 0 and 65535/);
    expect(problemsOf({ TRUCELINE_SESSION_IDLE_MINUTES: '0' })[0]).toMatch(/greater than 0/);
  });
});
