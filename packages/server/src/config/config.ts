/**
 * Configuration, parsed once at start-up from the environment (and CLI flags layered on top).
 *
 * Every problem is collected and reported together so an operator fixes them in one pass, and
 * nothing falls back silently: a secret that is missing on PostgreSQL is an error, not a default.
 */
import path from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const Bool = (fallback: 'true' | 'false') =>
  Type.Enum(['true', 'false', '1', '0'], { default: fallback, description: 'true, false, 1 or 0' });
const Count = (fallback: string, description: string) =>
  Type.String({ pattern: '^[0-9]+$', default: fallback, description });

/** The environment variables Truceline reads, with their defaults. Documented in the README. */
export const EnvSchema = Type.Object({
  PORT: Type.String({ pattern: '^[0-9]{1,5}$', default: '8080', description: 'a TCP port number' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an address to listen on' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// connection URL' }),
  ),
  TRUCELINE_DATA_DIR: Type.String({ minLength: 1, default: './data', description: 'a directory' }),
  TRUCELINE_SECRET: Type.Optional(
    Type.String({ minLength: 32, description: 'a secret of at least 32 characters' }),
  ),
  TRUCELINE_PUBLIC_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'an http:// or https:// URL' }),
  ),
  TRUCELINE_LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  TRUCELINE_BODY_LIMIT_BYTES: Count('1048576', 'a number of bytes'),
  TRUCELINE_SESSION_IDLE_MINUTES: Count('30', 'a number of minutes'),
  TRUCELINE_SESSION_ABSOLUTE_HOURS: Count('12', 'a number of hours'),
  TRUCELINE_INSECURE_COOKIES: Bool('false'),
  TRUCELINE_DEMO: Bool('true'),
  TRUCELINE_DEMO_PASSWORD: Type.Optional(
    Type.String({ minLength: 12, description: 'a password of at least 12 characters' }),
  ),
  TRUCELINE_DB_POOL_SIZE: Count('10', 'a number of connections'),
  TRUCELINE_LOG_KEY_FILE: Type.Optional(
    Type.String({ minLength: 1, description: 'the path of a PEM (PKCS #8) Ed25519 private key' }),
  ),
  TRUCELINE_LOG_PREVIOUS_KEY_FILE: Type.Optional(
    Type.String({ minLength: 1, description: 'the path of the PEM Ed25519 key being retired' }),
  ),
  TRUCELINE_LOG_ORIGIN: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9.:_-]+(/[A-Za-z0-9._~-]+)*$',
      description: 'a log origin such as monitoring.example.org/log (no scheme, no spaces)',
    }),
  ),
  TRUCELINE_LOG_INTEGRATE_MS: Count('1000', 'a number of milliseconds'),
  TRUCELINE_EVIDENCE_DIR: Type.Optional(
    Type.String({ minLength: 1, description: 'a directory for evidence files' }),
  ),
  TRUCELINE_EVIDENCE_MAX_BYTES: Count('104857600', 'a number of bytes'),
  TRUCELINE_EVIDENCE_S3_BUCKET: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
      description: 'an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)',
    }),
  ),
  TRUCELINE_EVIDENCE_S3_ENDPOINT: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'an http:// or https:// URL' }),
  ),
  TRUCELINE_EVIDENCE_S3_REGION: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_-]+$', description: 'a region name such as eu-west-1' }),
  ),
  TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID: Type.Optional(
    Type.String({ minLength: 1, description: 'an access key id' }),
  ),
  TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: Type.Optional(
    Type.String({ minLength: 1, description: 'a secret access key' }),
  ),
  TRUCELINE_EVIDENCE_S3_FORCE_PATH_STYLE: Type.Optional(
    Type.Enum(['true', 'false', '1', '0'], { description: 'true, false, 1 or 0' }),
  ),
  TRUCELINE_OSINT_WATCH_DIR: Type.Optional(
    Type.String({ minLength: 1, description: 'a directory to take news files from' }),
  ),
  TRUCELINE_OSINT_ACTORS_FILE: Type.Optional(
    Type.String({ minLength: 1, description: 'a JSON file of actors and their aliases' }),
  ),
  TRUCELINE_OSINT_POLL_MINUTES: Count('30', 'a number of minutes'),
  TRUCELINE_OSINT_FETCH_TIMEOUT_MS: Count('15000', 'a number of milliseconds'),
});

/** Where evidence files are kept: a local directory, or an S3-compatible bucket. */
export type EvidenceStoreConfig =
  | { readonly kind: 'local'; readonly dir: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: string;
      /** Absent means AWS's own endpoint for the region. */
      readonly endpoint: string | undefined;
      readonly forcePathStyle: boolean;
      readonly accessKeyId: string;
      /** Not enumerable, so that logging or serialising the configuration never shows it. */
      readonly secretAccessKey: string;
    };

/** The largest object one S3 PutObject may carry (5 GiB). */
const S3_SINGLE_PUT_LIMIT = 5 * 1024 ** 3;

/** The S3 settings other than the bucket: setting any of them without a bucket is a mistake. */
const S3_SETTINGS = [
  'TRUCELINE_EVIDENCE_S3_ENDPOINT',
  'TRUCELINE_EVIDENCE_S3_REGION',
  'TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID',
  'TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY',
  'TRUCELINE_EVIDENCE_S3_FORCE_PATH_STYLE',
] as const;

export type ServerRole = 'api' | 'worker' | 'all';

/** Validated configuration, in the types the code wants. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly logLevel: Static<typeof EnvSchema>['TRUCELINE_LOG_LEVEL'];
  readonly database:
    | { readonly kind: 'pglite'; readonly dataDir: string }
    | {
        readonly kind: 'postgres';
        readonly url: string;
        readonly poolSize: number;
        readonly dataDir: string;
      };
  /** Server-side secret (HMAC key for session ids and tokens); absent means "generate into the data dir". */
  readonly secret: string | undefined;
  readonly bodyLimitBytes: number;
  readonly session: { readonly idleMinutes: number; readonly absoluteHours: number };
  readonly secureCookies: boolean;
  readonly demo: { readonly enabled: boolean; readonly password: string | undefined };
  readonly role: ServerRole;
  readonly log: {
    /** Checkpoint origin line and the log key's name. */
    readonly origin: string;
    /** PEM file of the signing key; undefined on the embedded default means "generate into the data dir". */
    readonly keyFile: string | undefined;
    /** During a rotation: the retiring key, which keeps co-signing checkpoints for a while. */
    readonly previousKeyFile: string | undefined;
    /** Longest time between a change and the checkpoint that includes it. */
    readonly integrateMs: number;
  };
  readonly evidence: {
    /** The largest evidence file accepted, in bytes. */
    readonly maxBytes: number;
    readonly store: EvidenceStoreConfig;
  };
  readonly osint: OsintConfig;
  readonly webhooks: {
    /** The longest one delivery may take. */
    readonly timeoutMs: number;
    /**
     * Deliver to loopback addresses. Never set from the environment: only tests, which receive
     * webhooks on 127.0.0.1, turn it on. Private and link-local addresses stay refused.
     */
    readonly allowLoopback: boolean;
  };
}

/** Open-source monitoring: where news files are dropped, how often feeds are read. */
export interface OsintConfig {
  /** A directory whose files are ingested by the scheduler, then moved aside; none when unset. */
  readonly watchDir: string | undefined;
  /** A JSON file of actors (and aliases) added to the built-in table; none when unset. */
  readonly actorsFile: string | undefined;
  /** How long a feed rests between two successful polls. */
  readonly pollMinutes: number;
  /** The longest one fetch (a feed or a page) may take. */
  readonly fetchTimeoutMs: number;
  /**
   * Fetch from loopback addresses (127.0.0.0/8, ::1). Never set from the environment: only tests,
   * which serve feeds on 127.0.0.1, turn it on. Private and link-local addresses stay refused.
   */
  readonly allowLoopback: boolean;
}

/** Thrown when the configuration is invalid; `problems` lists every issue found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const truthy = (v: string): boolean => v === 'true' || v === '1';

/**
 * Parses `env` (normally `process.env`) into a {@link Config}; `overrides` come from CLI flags.
 * Throws {@link ConfigError} listing every problem at once.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  overrides: { port?: string; host?: string; role?: string; dataDir?: string } = {},
): Config {
  const known = Object.keys(EnvSchema.properties);
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  if (overrides.port !== undefined) raw['PORT'] = overrides.port;
  if (overrides.host !== undefined) raw['HOST'] = overrides.host;
  if (overrides.dataDir !== undefined) raw['TRUCELINE_DATA_DIR'] = overrides.dataDir;

  const withDefaults = Value.Default(EnvSchema, raw);
  const problems = new Set<string>();
  for (const error of Value.Errors(EnvSchema, withDefaults)) {
    const field = error.instancePath.replace(/^\//, '') as keyof typeof EnvSchema.properties;
    const schema = EnvSchema.properties[field] as { description?: string } | undefined;
    const expected = schema?.description ?? error.message;
    problems.add(`${field}: must be ${expected} (got "${redact(field, raw[field])}")`);
  }
  if (problems.size > 0) throw new ConfigError([...problems]);
  return finish(withDefaults as Static<typeof EnvSchema>, overrides.role ?? 'all');
}

function finish(e: Static<typeof EnvSchema>, role: string): Config {
  const problems: string[] = [];

  const port = Number(e.PORT);
  if (port < 0 || port > 65535) problems.push(`PORT: must be between 0 and 65535 (got ${port})`);
  if (role !== 'api' && role !== 'worker' && role !== 'all') {
    problems.push(`--role: must be one of api, worker, all (got "${role}")`);
  }
  if (!e.DATABASE_URL && role !== 'all') {
    problems.push(
      `--role ${role}: separate api and worker processes need PostgreSQL (set DATABASE_URL); the embedded database serves one process`,
    );
  }
  if (e.DATABASE_URL && !e.TRUCELINE_LOG_KEY_FILE) {
    problems.push(
      'TRUCELINE_LOG_KEY_FILE: required with DATABASE_URL, so that every process signs with the same key (an Ed25519 PKCS #8 PEM file, e.g. `openssl genpkey -algorithm ed25519 -out log-key.pem`)',
    );
  }
  if (e.DATABASE_URL && !e.TRUCELINE_SECRET) {
    problems.push(
      'TRUCELINE_SECRET: required with DATABASE_URL, so that every process shares it (at least 32 characters, e.g. `openssl rand -base64 48`)',
    );
  }
  const positive = (name: keyof Static<typeof EnvSchema>, value: number): void => {
    if (!(value > 0)) problems.push(`${name}: must be greater than 0`);
  };
  positive('TRUCELINE_BODY_LIMIT_BYTES', Number(e.TRUCELINE_BODY_LIMIT_BYTES));
  positive('TRUCELINE_SESSION_IDLE_MINUTES', Number(e.TRUCELINE_SESSION_IDLE_MINUTES));
  positive('TRUCELINE_SESSION_ABSOLUTE_HOURS', Number(e.TRUCELINE_SESSION_ABSOLUTE_HOURS));
  positive('TRUCELINE_DB_POOL_SIZE', Number(e.TRUCELINE_DB_POOL_SIZE));
  positive('TRUCELINE_LOG_INTEGRATE_MS', Number(e.TRUCELINE_LOG_INTEGRATE_MS));
  positive('TRUCELINE_OSINT_POLL_MINUTES', Number(e.TRUCELINE_OSINT_POLL_MINUTES));
  positive('TRUCELINE_OSINT_FETCH_TIMEOUT_MS', Number(e.TRUCELINE_OSINT_FETCH_TIMEOUT_MS));
  problems.push(...evidenceProblems(e));
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.TRUCELINE_DATA_DIR);
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  const publicUrl =
    e.TRUCELINE_PUBLIC_URL ??
    `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`;
  return {
    port,
    host: e.HOST,
    publicUrl,
    logLevel: e.TRUCELINE_LOG_LEVEL,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolSize: Number(e.TRUCELINE_DB_POOL_SIZE),
          dataDir,
        }
      : { kind: 'pglite', dataDir },
    secret: e.TRUCELINE_SECRET,
    bodyLimitBytes: Number(e.TRUCELINE_BODY_LIMIT_BYTES),
    session: {
      idleMinutes: Number(e.TRUCELINE_SESSION_IDLE_MINUTES),
      absoluteHours: Number(e.TRUCELINE_SESSION_ABSOLUTE_HOURS),
    },
    secureCookies: !truthy(e.TRUCELINE_INSECURE_COOKIES),
    demo: { enabled: truthy(e.TRUCELINE_DEMO), password: e.TRUCELINE_DEMO_PASSWORD },
    role: role as ServerRole,
    log: {
      origin: e.TRUCELINE_LOG_ORIGIN ?? `${new URL(publicUrl).host}/truceline-log`,
      keyFile:
        e.TRUCELINE_LOG_KEY_FILE === undefined ? undefined : path.resolve(e.TRUCELINE_LOG_KEY_FILE),
      previousKeyFile:
        e.TRUCELINE_LOG_PREVIOUS_KEY_FILE === undefined
          ? undefined
          : path.resolve(e.TRUCELINE_LOG_PREVIOUS_KEY_FILE),
      integrateMs: Number(e.TRUCELINE_LOG_INTEGRATE_MS),
    },
    evidence: {
      maxBytes: Number(e.TRUCELINE_EVIDENCE_MAX_BYTES),
      store: evidenceStore(e, dataDir),
    },
    osint: {
      watchDir:
        e.TRUCELINE_OSINT_WATCH_DIR === undefined
          ? undefined
          : path.resolve(e.TRUCELINE_OSINT_WATCH_DIR),
      actorsFile:
        e.TRUCELINE_OSINT_ACTORS_FILE === undefined
          ? undefined
          : path.resolve(e.TRUCELINE_OSINT_ACTORS_FILE),
      pollMinutes: Number(e.TRUCELINE_OSINT_POLL_MINUTES),
      fetchTimeoutMs: Number(e.TRUCELINE_OSINT_FETCH_TIMEOUT_MS),
      allowLoopback: false,
    },
    webhooks: { timeoutMs: 10_000, allowLoopback: false },
  };
}

function evidenceProblems(e: Static<typeof EnvSchema>): string[] {
  const problems: string[] = [];
  const maxBytes = Number(e.TRUCELINE_EVIDENCE_MAX_BYTES);
  if (!(maxBytes > 0) || !Number.isSafeInteger(maxBytes)) {
    problems.push('TRUCELINE_EVIDENCE_MAX_BYTES: must be greater than 0 (and a safe integer)');
  }
  if (e.TRUCELINE_EVIDENCE_S3_BUCKET === undefined) {
    const stray = S3_SETTINGS.filter((name) => e[name] !== undefined);
    if (stray.length > 0) {
      problems.push(
        `${stray.join(', ')}: set without TRUCELINE_EVIDENCE_S3_BUCKET, so evidence would not go to S3; set the bucket too, or unset ${stray.length === 1 ? 'it' : 'them'}`,
      );
    }
    if (e.DATABASE_URL && e.TRUCELINE_EVIDENCE_DIR === undefined) {
      problems.push(
        'TRUCELINE_EVIDENCE_DIR: required with DATABASE_URL (unless TRUCELINE_EVIDENCE_S3_BUCKET is set), so that every process keeps evidence in the same place (a directory they all share, or an S3 bucket)',
      );
    }
    return problems;
  }
  if (e.TRUCELINE_EVIDENCE_DIR !== undefined) {
    problems.push(
      'TRUCELINE_EVIDENCE_DIR: set together with TRUCELINE_EVIDENCE_S3_BUCKET; evidence is kept in one place, so unset one of them',
    );
  }
  if (e.TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID === undefined) {
    problems.push(
      'TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID: required with TRUCELINE_EVIDENCE_S3_BUCKET',
    );
  }
  if (e.TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY === undefined) {
    problems.push(
      'TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY: required with TRUCELINE_EVIDENCE_S3_BUCKET',
    );
  }
  if (maxBytes > S3_SINGLE_PUT_LIMIT) {
    problems.push(
      `TRUCELINE_EVIDENCE_MAX_BYTES: must be at most ${S3_SINGLE_PUT_LIMIT} (5 GiB) with S3, the most one upload to the bucket carries`,
    );
  }
  return problems;
}

function evidenceStore(e: Static<typeof EnvSchema>, dataDir: string): EvidenceStoreConfig {
  const bucket = e.TRUCELINE_EVIDENCE_S3_BUCKET;
  if (bucket === undefined) {
    return {
      kind: 'local',
      dir: path.resolve(e.TRUCELINE_EVIDENCE_DIR ?? path.join(dataDir, 'evidence')),
    };
  }
  const store = {
    kind: 's3' as const,
    bucket,
    region: e.TRUCELINE_EVIDENCE_S3_REGION ?? 'us-east-1',
    endpoint: e.TRUCELINE_EVIDENCE_S3_ENDPOINT,
    forcePathStyle: truthy(e.TRUCELINE_EVIDENCE_S3_FORCE_PATH_STYLE ?? 'false'),
    accessKeyId: e.TRUCELINE_EVIDENCE_S3_ACCESS_KEY_ID ?? '',
  };
  Object.defineProperty(store, 'secretAccessKey', {
    value: e.TRUCELINE_EVIDENCE_S3_SECRET_ACCESS_KEY ?? '',
    enumerable: false,
  });
  return store as EvidenceStoreConfig;
}

/** Never echo secrets back in an error message. */
function redact(field: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/SECRET|PASSWORD|ACCESS_KEY/.test(field)) return '***';
  if (field === 'DATABASE_URL') return value.replace(/:\/\/([^:@/]*):[^@]*@/, '://$1:***@');
  return value;
}
