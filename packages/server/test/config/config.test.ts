import path from 'node:path';
import util from 'node:util';
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
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/TRUCELINE_SECRET: required with DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/TRUCELINE_LOG_KEY_FILE: required with DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/TRUCELINE_EVIDENCE_DIR: required with DATABASE_URL/);
    const ok = parseConfig({
      DATABASE_URL: 'postgres://db/t',
      TRUCELINE_SECRET: 'x'.repeat(32),
      TRUCELINE_LOG_KEY_FILE: '/etc/truceline/log-key.pem',
      TRUCELINE_EVIDENCE_DIR: '/srv/truceline/evidence',
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

  describe('evidence store', () => {
    const s3 = {
      TRUCELINE_EVIDENCE_S3_BUCKET: 'truceline-evidence',
      TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-very-secret',
    };
    const postgres = {
      DATABASE_URL: 'postgres://db/t',
      TRUCELINE_SECRET: 'x'.repeat(32),
      TRUCELINE_LOG_KEY_FILE: '/etc/truceline/log-key.pem',
    };

    it('defaults to <dataDir>/evidence and 100 MiB on the embedded database', () => {
      const c = parseConfig({ TRUCELINE_DATA_DIR: '/var/lib/truceline' });
      expect(c.evidence).toEqual({
        maxBytes: 100 * 1024 * 1024,
        store: { kind: 'local', dir: '/var/lib/truceline/evidence' },
      });
    });

    it('takes a directory and a limit from the environment', () => {
      const c = parseConfig({
        TRUCELINE_EVIDENCE_DIR: 'relative/evidence',
        TRUCELINE_EVIDENCE_MAX_BYTES: '5000',
      });
      expect(c.evidence).toEqual({
        maxBytes: 5000,
        store: { kind: 'local', dir: path.resolve('relative/evidence') },
      });
    });

    it('uses S3 when a bucket is set, on PostgreSQL with no directory', () => {
      const c = parseConfig({
        ...postgres,
        ...s3,
        TRUCELINE_EVIDENCE_S3_ENDPOINT: 'http://minio:9000',
        TRUCELINE_EVIDENCE_S3_FORCE_PATH_STYLE: 'true',
      });
      expect(c.evidence.store).toEqual({
        kind: 's3',
        bucket: 'truceline-evidence',
        region: 'us-east-1',
        endpoint: 'http://minio:9000',
        forcePathStyle: true,
        accessKeyId: 'AKIAEXAMPLE',
      });
      const store = c.evidence.store;
      expect(store.kind === 's3' && store.secretAccessKey).toBe('wJalrXUtnFEMI-very-secret');
      const aws = parseConfig({ ...s3, TRUCELINE_EVIDENCE_S3_REGION: 'eu-west-1' }).evidence.store;
      expect(aws).toMatchObject({
        region: 'eu-west-1',
        endpoint: undefined,
        forcePathStyle: false,
      });
    });

    it('never shows the S3 secret when the configuration is logged or serialised', () => {
      const c = parseConfig({ ...s3 });
      expect(JSON.stringify(c)).not.toContain('very-secret');
      expect(util.inspect(c, { depth: 10 })).not.toContain('very-secret');
    });

    it('requires both S3 credentials with a bucket, without echoing them', () => {
      const missing = problemsOf({ TRUCELINE_EVIDENCE_S3_BUCKET: 'truceline-evidence' });
      expect(missing).toHaveLength(2);
      expect(missing.join('\n')).toMatch(
        /TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID: required with TRUCELINE_EVIDENCE_S3_BUCKET/,
      );
      expect(missing.join('\n')).toMatch(
        /TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: required with TRUCELINE_EVIDENCE_S3_BUCKET/,
      );
      const bad = problemsOf({ ...s3, TRUCELINE_EVIDENCE_S3_BUCKET: 'Not_A_Bucket' });
      expect(bad).toEqual([
        expect.stringMatching(/TRUCELINE_EVIDENCE_S3_BUCKET: must be an S3 bucket name/),
      ]);
      expect(bad.join('\n')).not.toContain('very-secret');
    });

    it('refuses S3 settings without a bucket, rather than quietly storing locally', () => {
      const problems = problemsOf({
        TRUCELINE_EVIDENCE_S3_ENDPOINT: 'https://s3.example.org',
        TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-very-secret',
      });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^TRUCELINE_EVIDENCE_S3_ENDPOINT, TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: set without TRUCELINE_EVIDENCE_S3_BUCKET/,
      );
      expect(problems[0]).not.toContain('very-secret');
    });

    it('refuses a directory and a bucket together', () => {
      expect(problemsOf({ ...s3, TRUCELINE_EVIDENCE_DIR: '/srv/evidence' })).toEqual([
        expect.stringMatching(
          /TRUCELINE_EVIDENCE_DIR: set together with TRUCELINE_EVIDENCE_S3_BUCKET/,
        ),
      ]);
    });

    it('refuses a limit of 0, and over 5 GiB with S3', () => {
      expect(problemsOf({ TRUCELINE_EVIDENCE_MAX_BYTES: '0' })).toEqual([
        expect.stringMatching(/TRUCELINE_EVIDENCE_MAX_BYTES: must be greater than 0/),
      ]);
      expect(problemsOf({ TRUCELINE_EVIDENCE_MAX_BYTES: '10mb' })[0]).toMatch(
        /TRUCELINE_EVIDENCE_MAX_BYTES: must be a number of bytes \(got "10mb"\)/,
      );
      const big = String(6 * 1024 ** 3);
      expect(parseConfig({ TRUCELINE_EVIDENCE_MAX_BYTES: big }).evidence.maxBytes).toBe(
        Number(big),
      );
      expect(problemsOf({ ...s3, TRUCELINE_EVIDENCE_MAX_BYTES: big })[0]).toMatch(
        /must be at most 5368709120 \(5 GiB\) with S3/,
      );
    });
  });
});
