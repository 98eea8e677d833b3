/**
 * The complaints benchmark: `npm run bench:complaints` (`node --import tsx bench/complaints-bench.ts`).
 *
 * 1. Complaint create and search, and the observation list, at growing sizes (default 10k, 100k
 *    and 1M complaints and as many observations) on PostgreSQL, through the HTTP API of the real
 *    server in its own process, under autocannon, signed in as a mediator (sees everything) and as
 *    a party officer (visibility filtered in SQL). Between sizes the tables are topped up by SQL
 *    (`INSERT … SELECT … generate_series`, not measured), so each size adds to the last. Every
 *    figure is compared with the same request at the previous size (growth ratios), and each size
 *    has its own baseline (`GET /healthz` on the same process) that shows how the machine itself
 *    changed meanwhile. Besides throughput and latency, each row records the CPU time per request
 *    of the server process and of its PostgreSQL backends (from /proc), which a busy machine blurs
 *    far less than wall-clock figures. The SQL of each search is built with the repository's own
 *    helpers and run under `EXPLAIN ANALYZE` at each size, to tell index walks from scans; after
 *    the last size, candidate indexes are tried on the scratch database alone.
 * 2. Evidence upload throughput: a 50 MiB WAV file (a valid header, random PCM) through
 *    `POST /api/v1/complaints/{id}/evidence/files`, against `fs.copyFile` and stream copies of the
 *    same file on the same disk, interleaved in the same run (ratios).
 *
 * Prints a Markdown report on stdout (progress on stderr). Everything stays on 127.0.0.1; the
 * scratch database (`truceline_bench_<random>`) is dropped and the temporary directories removed at
 * the end, on failure, on Ctrl-C and at the time limit. See docs/benchmarks-complaints.md.
 *
 * Arguments and environment (all optional):
 *   --sizes 10000,100000,1000000   sizes to measure, ascending (also BENCH_COMPLAINTS_SIZES; k and M
 *                                  suffixes allowed: --sizes 10k,100k)
 *   BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS   load per row (5, 1, 10)
 *   BENCH_COMPLAINTS_EVIDENCE_MIB   size of the uploaded file (50)
 *   BENCH_COMPLAINTS_UPLOADS        uploads (each against its copies) (5; 0 skips part 2)
 *   BENCH_POSTGRES_URL              admin URL for scratch databases (postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_COMPLAINTS_LIMIT_SECONDS  hard limit for the whole run (1800)
 *
 * Internally, `complaints-bench.ts --serve` is the server under test (started by the benchmark
 * itself, configured through BENCH_CB_* variables). bench/server-under-test.ts is not used: its
 * PostgreSQL mode sets no evidence directory, which the server requires with DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { and, desc, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import {
  GAZETTEER_PLACES,
  OBSERVATION_TYPES,
  VIOLATION_CATEGORY_IDS,
  type Actor,
  type ComplaintSearchQuery,
  type ObservationSearchQuery,
} from '@truceline/domain';
import { createApiToken } from './api-token.ts';
import { Cleanup, installStopHandlers } from './cleanup.ts';
import { measure, probe, type Measurement, type Target } from './load.ts';
import { assertLoopback } from './loopback.ts';
import { createScratchDatabase, probePostgres } from './postgres.ts';
import { describeFailures } from './report.ts';
import { stopChild } from './server-process.ts';
import { parseConfig } from '../packages/server/src/config/config.ts';
import { startServer } from '../packages/server/src/server.ts';
import * as schema from '../packages/server/src/platform/database/schema/index.ts';
import { searchConditions } from '../packages/server/src/features/complaints/complaints.repository.ts';
import { decodeCursor } from '../packages/server/src/platform/http/cursor.ts';
import { observationVisibleTo } from '../packages/server/src/features/observations/observations.visibility.ts';

const { complaints, observations } = schema;
const SCRIPT = fileURLToPath(import.meta.url);
const MIB = 1024 * 1024;

function log(message: string): void {
  process.stderr.write(`[bench:complaints] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Settings

interface Settings {
  readonly sizes: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly evidenceMiB: number;
  readonly uploads: number;
  readonly postgresUrl: string;
  readonly limitSeconds: number;
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function parseSize(raw: string): number {
  const m = /^([0-9_]+(?:\.[0-9]+)?)([kKmM]?)$/.exec(raw.trim());
  if (!m) throw new Error(`not a size: "${raw}"`);
  const base = Number(m[1]!.replace(/_/g, ''));
  const factor = m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1_000 : 1_000_000;
  const value = Math.round(base * factor);
  if (!Number.isInteger(value) || value < 100 || value > 20_000_000) {
    throw new Error(`a size must be from 100 to 20M (got "${raw}")`);
  }
  return value;
}

function readSettings(argv: readonly string[]): Settings {
  let sizesRaw = process.env['BENCH_COMPLAINTS_SIZES'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--sizes') sizesRaw = argv[++i];
    else if (arg.startsWith('--sizes=')) sizesRaw = arg.slice('--sizes='.length);
    else throw new Error(`unknown argument "${arg}" (known: --sizes 10000,100000,1000000)`);
  }
  const sizes = (sizesRaw ?? '10000,100000,1000000').split(',').map(parseSize);
  if (sizes.some((s, i) => i > 0 && s <= sizes[i - 1]!)) {
    throw new Error('--sizes must be ascending: each size tops up the previous one');
  }
  return {
    sizes,
    seconds: intEnv('BENCH_SECONDS', 5, 1, 120),
    warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 1, 0, 60),
    connections: intEnv('BENCH_CONNECTIONS', 10, 1, 1000),
    evidenceMiB: intEnv('BENCH_COMPLAINTS_EVIDENCE_MIB', 50, 1, 1000),
    uploads: intEnv('BENCH_COMPLAINTS_UPLOADS', 5, 0, 100),
    postgresUrl: process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    limitSeconds: intEnv('BENCH_COMPLAINTS_LIMIT_SECONDS', 1800, 60, 14_400),
  };
}

// ---------------------------------------------------------------------------------------------
// The server under test (the `--serve` mode of this file) and its spawner

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** Runs the real server as `truceline serve` would, on the benchmark's database, demo loaded. */
async function serve(): Promise<void> {
  const dataDir = required('BENCH_CB_DATA_DIR');
  const keyFile = path.join(dataDir, 'log-key.pem');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const running = await startServer(
    parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: required('BENCH_CB_DATABASE_URL'),
      TRUCELINE_DATA_DIR: dataDir,
      TRUCELINE_EVIDENCE_DIR: required('BENCH_CB_EVIDENCE_DIR'),
      TRUCELINE_SECRET: crypto.randomBytes(32).toString('base64url'),
      TRUCELINE_LOG_KEY_FILE: keyFile,
      TRUCELINE_DEMO: 'true',
      TRUCELINE_DEMO_PASSWORD: required('BENCH_CB_DEMO_PASSWORD'),
      TRUCELINE_LOG_LEVEL: 'warn',
    }),
    { logStream: process.stderr },
  );
  if (!running.url) throw new Error('the server did not start HTTP');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    running.shutdown('benchmark finished').then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.once('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
}

interface BenchServer {
  readonly url: string;
  readonly pid: number | undefined;
  stderr(): { readonly count: number; readonly first: string; readonly tail: readonly string[] };
}

async function startBenchServer(
  cleanup: Cleanup,
  env: Record<string, string>,
): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--serve'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanup.defer('stop the server', () => stopChild(child));
  const tail: string[] = [];
  let count = 0;
  let first = '';
  if (child.stderr) {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      if (count === 0) first = line;
      count += 1;
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  }
  const stderr = () => ({ count, first, tail: [...tail] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      if (!child.stdout) return reject(new Error('server: no stdout'));
      const lines = readline.createInterface({ input: child.stdout });
      const timer = setTimeout(() => reject(new Error('server: not ready after 120 s')), 120_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        lines.close();
        try {
          resolve(String((JSON.parse(line) as { url?: unknown }).url));
        } catch {
          reject(new Error(`server: unexpected first line ${line}`));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready (${signal ?? `code ${code}`})`));
      });
    });
    assertLoopback(url, 'The server under test');
    child.stdout?.resume();
    return { url, pid: child.pid, stderr };
  } catch (error) {
    await stopChild(child);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}${tail.length ? `\n--- its stderr ---\n${tail.join('\n')}` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Synthetic data: vocabulary, places, distributions

/**
 * Words of titles and narratives, by language, most frequent first: a word's rank k is drawn with
 * probability ln((k+1)/k) / ln(n+1), roughly Zipf. Some words are shared across languages (سرحد,
 * بازار, زخمی, پل), as they are in real text.
 */
// prettier-ignore
const VOCABULARY: Record<'en' | 'ur' | 'ps' | 'fa', readonly string[]> = {
  en: [
    'border', 'firing', 'post', 'village', 'shelling', 'civilians', 'injured', 'killed', 'mortar',
    'drone', 'strike', 'night', 'morning', 'checkpoint', 'rocket', 'artillery', 'soldiers',
    'militants', 'house', 'market', 'road', 'trucks', 'crossing', 'closed', 'heavy', 'wounded',
    'children', 'women', 'school', 'mosque', 'convoy', 'patrol', 'fence', 'ceasefire',
    'violation', 'fighters', 'troops', 'explosion', 'IED', 'ambush', 'infiltration', 'sniper',
    'hospital', 'bridge', 'elders', 'shepherd', 'farmers', 'kidnapped', 'abducted', 'teacher',
    'evening', 'monitors', 'blocked', 'refugees', 'returnees', 'statement', 'spokesman',
    'buildup', 'tanks', 'airstrike',
  ],
  ur: [
    'سرحد', 'فائرنگ', 'چوکی', 'گاؤں', 'حملہ', 'شہری', 'زخمی', 'ہلاک', 'گولہ', 'باری', 'ڈرون',
    'رات', 'صبح', 'راکٹ', 'فوج', 'گھر', 'بازار', 'سڑک', 'ٹرک', 'کراسنگ', 'بند', 'بچے', 'خواتین',
    'اسکول', 'مسجد', 'قافلہ', 'گشت', 'باڑ', 'جنگبندی', 'خلاف', 'ورزی', 'دہشتگرد', 'توپخانہ',
    'فضائی', 'اہلکار', 'ہسپتال', 'پل', 'شام', 'گاڑی', 'مہاجرین', 'بیان', 'ترجمان', 'عسکریت',
    'دھماکہ', 'پسند', 'دراندازی', 'کسان', 'چرواہا', 'استاد', 'اغوا',
  ],
  ps: [
    'سرحد', 'ډزې', 'پوسته', 'کلی', 'برید', 'ملکي', 'ټپي', 'وژل', 'ډرون', 'شپه', 'سهار', 'راکټ',
    'پوځ', 'کور', 'بازار', 'لاره', 'لارۍ', 'تړل', 'ماشومان', 'ښځې', 'ښوونځی', 'جومات', 'کاروان',
    'ګزمه', 'کټاره', 'اوربند', 'سرغړونه', 'توپ', 'هوايي', 'ځواکونه', 'روغتون', 'پل', 'ماښام',
    'موټر', 'کډوال', 'بیان', 'ویاند', 'وسله', 'وال', 'چاودنه', 'نفوذ', 'بزګر', 'شپون', 'ښوونکی',
    'تښتول', 'مشران', 'څارونکي', 'درانه', 'سیمه', 'ولسوالۍ',
  ],
  fa: [
    'مرز', 'شلیک', 'پاسگاه', 'روستا', 'حمله', 'غیرنظامی', 'زخمی', 'کشته', 'پهپاد', 'شب', 'صبح',
    'راکت', 'ارتش', 'خانه', 'بازار', 'جاده', 'لاری', 'بسته', 'کودکان', 'زنان', 'مکتب', 'مسجد',
    'کاروان', 'آتش', 'بس', 'نقض', 'توپخانه', 'هوایی', 'نیروها', 'شفاخانه', 'پل', 'عصر', 'موتر',
    'مهاجرین', 'اعلامیه', 'سخنگو', 'انفجار', 'ربوده', 'ناظران', 'ولسوالی',
  ],
};

/** Narrative languages and their shares. */
const LANGUAGE_SHARES: readonly [keyof typeof VOCABULARY, number][] = [
  ['en', 0.35],
  ['ur', 0.3],
  ['ps', 0.25],
  ['fa', 0.1],
];

/**
 * `q`: one Urdu word ("explosion", rank 44 of 50: a few per cent of complaints), and two
 * ("teacher", "kidnapping", ranks 49 and 50: both in a few per thousand).
 */
const QUERY_ONE_WORD = 'دھماکہ';
const QUERY_TWO_WORDS = 'استاد اغوا';
/** Torkham crossing: a busy part of the border. */
const NEAR = { name: 'Torkham', lat: 34.1147, lon: 71.0847, withinKm: 25 };
const FILTER = { state: 'investigating', category: 'shelling_artillery' } as const;

/** Complaints filed within this many days are "recent": still early in the workflow. */
const RECENT_DAYS = 9;

/**
 * Final states with their share (per cent) among recent complaints (filed in the last
 * RECENT_DAYS days: received, registered, awaiting a reply) and among older ones, and the
 * commands that led there (one transition row each, version k for the k-th command). `reply`:
 * the reply window has opened (reply_due_at set, 10 days after filing, so recent complaints
 * awaiting a reply are not yet overdue); `draft`: a finding was drafted.
 */
const STATES: readonly {
  state: string;
  recent: number;
  old: number;
  path: readonly [command: string, toState: string][];
  reply: boolean;
  draft: number;
}[] = (() => {
  type Path = [string, string][];
  const filed: Path = [['file', 'received']];
  const registered: Path = [...filed, ['register', 'registered']];
  const awaiting: Path = [...registered, ['open_reply_window', 'awaiting_reply']];
  const replied: Path = [...awaiting, ['reply', 'reply_received']];
  const investigating: Path = [...replied, ['task_investigation', 'investigating']];
  const reported: Path = [...investigating, ['report_investigation', 'investigation_reported']];
  const inReview: Path = [...reported, ['draft_finding', 'in_review']];
  const issued: Path = [...inReview, ['issue_finding', 'finding_issued']];
  const closed: Path = [...issued, ['close', 'closed']];
  const overdue: Path = [...awaiting, ['mark_reply_overdue', 'reply_overdue']];
  // prettier-ignore
  return [
    { state: 'received', recent: 20, old: 1, path: filed, reply: false, draft: 0 },
    { state: 'registered', recent: 15, old: 2, path: registered, reply: false, draft: 0 },
    { state: 'rejected', recent: 10, old: 7, path: [...filed, ['reject', 'rejected']], reply: false, draft: 0 },
    { state: 'awaiting_reply', recent: 50, old: 0, path: awaiting, reply: true, draft: 0 },
    { state: 'reply_received', recent: 0, old: 6, path: replied, reply: true, draft: 0 },
    { state: 'reply_overdue', recent: 0, old: 6, path: overdue, reply: true, draft: 0 },
    { state: 'investigating', recent: 0, old: 10, path: investigating, reply: true, draft: 0 },
    { state: 'investigation_reported', recent: 0, old: 5, path: reported, reply: true, draft: 0 },
    { state: 'in_review', recent: 0, old: 5, path: inReview, reply: true, draft: 1 },
    { state: 'finding_issued', recent: 0, old: 10, path: issued, reply: true, draft: 1 },
    { state: 'follow_up', recent: 0, old: 5, path: [...issued, ['record_follow_up', 'follow_up']], reply: true, draft: 1 },
    { state: 'closed', recent: 0, old: 36, path: closed, reply: true, draft: 1 },
    { state: 'merged', recent: 0, old: 3, path: [...registered, ['merge', 'merged']], reply: false, draft: 0 },
    { state: 'withdrawn', recent: 5, old: 2, path: [...filed, ['withdraw', 'withdrawn']], reply: false, draft: 0 },
    { state: 'reopened', recent: 0, old: 2, path: [...closed, ['reopen', 'reopened']], reply: true, draft: 1 },
  ];
})();

interface Reference {
  readonly agreementId: string;
  readonly provisionIds: readonly string[];
  readonly orgs: Readonly<Record<'pk' | 'af' | 'tr' | 'qa' | 'sec', string>>;
  readonly mediator: Actor;
  readonly officer: Actor;
  readonly monitorUserId: string;
  readonly mediatorQaUserId: string;
  readonly officerAfUserId: string;
}

async function readReference(client: pg.Client): Promise<Reference> {
  const orgRows = (
    await client.query<{ id: string; short_name: string; kind: string }>(
      'select id, short_name, kind from organisations',
    )
  ).rows;
  const org = (short: string) => {
    const row = orgRows.find((r) => r.short_name === short);
    if (!row) throw new Error(`the demo has no organisation ${short}`);
    return row;
  };
  const userRows = (
    await client.query<{ id: string; email: string; role: string; organisation_id: string }>(
      'select id, email, role, organisation_id from users',
    )
  ).rows;
  const user = (email: string) => {
    const row = userRows.find((r) => r.email === email);
    if (!row) throw new Error(`the demo has no user ${email}`);
    return row;
  };
  const actor = (email: string): Actor => {
    const u = user(email);
    const o = orgRows.find((r) => r.id === u.organisation_id);
    return {
      userId: u.id,
      role: u.role as Actor['role'],
      organisationId: u.organisation_id,
      organisationKind: o?.kind as Actor['organisationKind'],
    };
  };
  const agreement = (await client.query<{ id: string }>('select id from agreements limit 2')).rows;
  if (agreement.length !== 1) throw new Error('expected exactly one (demo) agreement');
  const agreementId = agreement[0]!.id;
  const provisionIds = (
    await client.query<{ id: string }>(
      'select id from provisions where agreement_id = $1 order by number',
      [agreementId],
    )
  ).rows.map((r) => r.id);
  return {
    agreementId,
    provisionIds,
    orgs: {
      pk: org('PAK').id,
      af: org('AFG').id,
      tr: org('TUR').id,
      qa: org('QAT').id,
      sec: org('JMVS').id,
    },
    mediator: actor('mediator.tr@demo.truceline.test'),
    officer: actor('officer.pk@demo.truceline.test'),
    monitorUserId: user('monitor@demo.truceline.test').id,
    mediatorQaUserId: user('mediator.qa@demo.truceline.test').id,
    officerAfUserId: user('officer.af@demo.truceline.test').id,
  };
}

/** Small lookup tables for the generators, in the loading session only (TEMP). */
async function createLookupTables(client: pg.Client, ref: Reference): Promise<void> {
  await client.query(`
    create temp table bench_places (i int primary key, id text, name text, latitude float8,
      longitude float8, district text, province text, country text);
    create temp table bench_vocab (lang text primary key, words text[], n int);
    create temp table bench_langs (lo float8, hi float8, lang text);
    create temp table bench_states (recent boolean, lo float8, hi float8, state text,
      version int, commands text[], states text[], reply boolean, draft int);
    create temp table bench_filers (lo float8, hi float8, party text, organisation_id uuid,
      user_id uuid);
    create temp table bench_observers (lo float8, hi float8, organisation_id uuid, user_id uuid);
    create temp table bench_sources (i int primary key, source text, kind text);
  `);
  let i = 0;
  for (const p of GAZETTEER_PLACES) {
    i += 1;
    await client.query('insert into bench_places values ($1, $2, $3, $4, $5, $6, $7, $8)', [
      i,
      p.id,
      p.name,
      p.latitude,
      p.longitude,
      p.district,
      p.province,
      p.country,
    ]);
  }
  for (const [lang, words] of Object.entries(VOCABULARY)) {
    await client.query('insert into bench_vocab values ($1, $2, $3)', [lang, words, words.length]);
  }
  let lo = 0;
  for (const [lang, share] of LANGUAGE_SHARES) {
    await client.query('insert into bench_langs values ($1, $2, $3)', [lo, lo + share, lang]);
    lo += share;
  }
  for (const recent of [true, false]) {
    const share = (st: (typeof STATES)[number]) => (recent ? st.recent : st.old);
    const total = STATES.reduce((sum, st) => sum + share(st), 0);
    lo = 0;
    for (const st of STATES.filter((x) => share(x) > 0)) {
      const hi = lo + share(st) / total;
      await client.query('insert into bench_states values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        recent,
        lo,
        hi > 0.999999 ? 1.000001 : hi,
        st.state,
        st.path.length,
        st.path.map((x) => x[0]),
        st.path.map((x) => x[1]),
        st.reply,
        st.draft,
      ]);
      lo = hi;
    }
  }
  const filers: [number, number, string, string, string][] = [
    [0, 0.45, 'pk', ref.orgs.pk, ref.officer.userId],
    [0.45, 0.9, 'af', ref.orgs.af, ref.officerAfUserId],
    [0.9, 0.94, 'tr', ref.orgs.tr, ref.mediator.userId],
    [0.94, 0.97, 'qa', ref.orgs.qa, ref.mediatorQaUserId],
    [0.97, 1.000001, 'sec', ref.orgs.sec, ref.monitorUserId],
  ];
  for (const f of filers)
    await client.query('insert into bench_filers values ($1, $2, $3, $4, $5)', f);
  const observers: [number, number, string, string][] = [
    [0, 0.7, ref.orgs.sec, ref.monitorUserId],
    [0.7, 0.85, ref.orgs.tr, ref.mediator.userId],
    [0.85, 1.000001, ref.orgs.qa, ref.mediatorQaUserId],
  ];
  for (const o of observers)
    await client.query('insert into bench_observers values ($1, $2, $3, $4)', o);
  const sources: [string, string][] = [
    ['JMVS field team', 'monitor'],
    ['JMVS observation post', 'monitor'],
    ['ISPR', 'party'],
    ['Afghan Ministry of Defence', 'party'],
    ['Dawn', 'media'],
    ['TOLOnews', 'media'],
    ['local elders', 'other'],
  ];
  for (const [k, [source, kind]] of sources.entries()) {
    await client.query('insert into bench_sources values ($1, $2, $3)', [k + 1, source, kind]);
  }
}

/**
 * The id of the g-th synthetic observation: a fixed function of g (an MD5 shaped as a version-4
 * UUID), so that complaints can be linked to random observations without looking them up.
 */
const OBSERVATION_ID = (g: string) =>
  `overlay(overlay(md5('bench-observation-' || ${g}) placing '4' from 13) placing '8' from 17)::uuid`;

/*
 * In the generators, `+ 0 * k` makes each word's expression refer to the inner generate_series:
 * an aggregate whose argument refers only to outer columns would belong to the outer query.
 */

/** Observations g in [from, to): random time (2025 until now), place, type, source, visibility. */
const INSERT_OBSERVATIONS = `
insert into observations (id, observed_at, time_precision, latitude, longitude, location_precision,
  place_id, place_name, type, count, source, source_kind, notes, visibility, organisation_id,
  recorded_by, recorded_at, demo)
select ${OBSERVATION_ID('x.g')}, t.observed_at, x.tp, p.latitude + x.jlat, p.longitude + x.jlon,
  x.loc, p.id, p.name, x.type, x.count, src.source, src.kind,
  (select coalesce(string_agg(v.words[floor(power(v.n + 1, random()))::int + 0 * k], ' '), '')
     from generate_series(1, x.g % 9) k),
  x.visibility, o.organisation_id, o.user_id,
  least($3::timestamptz, t.observed_at + x.r_rec * interval '12 hours'), false
from (
  select g, random() as r_time, random() as r_rec, random() as r_org,
    1 + floor(random() * (select count(*) from bench_places))::int as pi,
    ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] as type,
    floor(power(60, random()))::int as count,
    (array['hour', 'day', 'minute', 'day'])[1 + g % 4] as tp,
    (array['approximate', 'exact', 'district'])[1 + (g / 4) % 3] as loc,
    (random() - 0.5) * 0.1 as jlat, (random() - 0.5) * 0.1 as jlon,
    case when g % 20 < 8 then 'public' when g % 20 < 15 then 'joint'
         when g % 20 < 19 then 'mediators' else 'originator' end as visibility
  from generate_series($1::int, $2::int - 1) g
  offset 0
) x
join bench_places p on p.i = x.pi
join bench_vocab v on v.lang = 'en'
join bench_observers o on x.r_org >= o.lo and x.r_org < o.hi
join bench_sources src on src.i = 1 + x.g % 7
cross join lateral (select date_trunc('milliseconds', timestamptz '2025-01-01T00:00:00Z'
  + x.r_time * ($3::timestamptz - interval '13 hours' - timestamptz '2025-01-01T00:00:00Z'))
  as observed_at) t`;

/**
 * Complaints g in [from, to), filed at a uniformly random moment from 2025-01-04 until an hour
 * ago; the state is drawn from the recent or the old distribution by age. A complaint awaiting a
 * reply whose deadline is within 48 hours counts as reminded already, so the deadline job
 * (overdue and reminders, every minute) finds nothing to do while the benchmark runs.
 */
const INSERT_COMPLAINTS = `
insert into complaints (agreement_id, state, version, visibility, filer_user_id,
  filer_organisation_id, accused_organisation_id, accused_group, category, title, narrative,
  narrative_language, occurred_from, occurred_to, time_precision, latitude, longitude, radius_km,
  location_precision, place_id, place_name, district, province, country, casualties, killed_max,
  injured_max, reply_due_at, reply_reminder_sent_at, draft_version, demo, filed_at, updated_at)
select $4::uuid, s.state, s.version, x.visibility, f.user_id, f.organisation_id,
  case when x.r_accused < 0.85 then
    case f.party when 'pk' then $6::uuid when 'af' then $5::uuid
      else case when x.r_accused < 0.425 then $5::uuid else $6::uuid end end end,
  case when x.r_accused >= 0.7 then (array['TTP', 'Fitna al-Khawarij', 'BLA',
    'Hafiz Gul Bahadur group', 'ISKP', 'unidentified gunmen'])[1 + x.g % 6] end,
  x.category,
  (select string_agg(v.words[floor(power(v.n + 1, random()))::int + 0 * k], ' ')
     from generate_series(1, 3 + x.g % 4) k),
  (select string_agg(v.words[floor(power(v.n + 1, random()))::int + 0 * k], ' ')
     from generate_series(1, 12 + (x.g * 7) % 19) k),
  v.lang,
  t.filed_at - interval '1 hour' - x.r_delay * interval '3 days' - x.duration,
  t.filed_at - interval '1 hour' - x.r_delay * interval '3 days',
  x.tp, p.latitude + x.jlat, p.longitude + x.jlon,
  case when x.loc = 'district' then 15 end, x.loc,
  p.id, p.name, p.district, p.province, p.country,
  case when x.killed + x.injured > 0 then jsonb_build_array(jsonb_build_object(
    'status', (array['civilian', 'combatant', 'unknown'])[1 + x.g % 3],
    'killed', x.killed, 'injured', x.injured,
    'reportedBy', (array['ISPR', 'Afghan Ministry of Defence', 'JMVS monitors', 'local elders'])[1 + x.g % 4]))
    else '[]'::jsonb end,
  x.killed, x.injured,
  case when s.reply then t.filed_at + interval '10 days' end,
  case when s.state = 'awaiting_reply' and t.filed_at + interval '8 days' <= $3::timestamptz
    then t.filed_at + interval '8 days' end,
  s.draft, false, t.filed_at,
  least($3::timestamptz, t.filed_at + (s.version - 1) * interval '1 day')
from (
  select g, random() as r_state, random() as r_filer, random() as r_accused,
    random() as r_lang, random() as r_time, random() as r_delay,
    1 + floor(random() * (select count(*) from bench_places))::int as pi,
    ($7::text[])[1 + floor(random() * cardinality($7::text[]))::int] as category,
    random() * interval '6 hours' as duration,
    (array['hour', 'day', 'minute', 'hour', 'day', 'week'])[1 + g % 6] as tp,
    (array['approximate', 'exact', 'district', 'approximate'])[1 + (g / 6) % 4] as loc,
    (random() - 0.5) * 0.1 as jlat, (random() - 0.5) * 0.1 as jlon,
    case when random() < 0.4 then floor(power(30, random()))::int - 1 else 0 end as killed,
    case when random() < 0.5 then floor(power(60, random()))::int - 1 else 0 end as injured,
    case when g % 10 < 2 then 'public' when g % 10 < 6 then 'joint'
         when g % 10 < 9 then 'mediators' else 'originator' end as visibility
  from generate_series($1::int, $2::int - 1) g
  offset 0
) x
cross join lateral (select date_trunc('milliseconds', timestamptz '2025-01-04T00:00:00Z'
  + x.r_time * ($3::timestamptz - interval '1 hour' - timestamptz '2025-01-04T00:00:00Z'))
  as filed_at) t
join bench_states s on s.recent = (t.filed_at > $3::timestamptz - interval '${RECENT_DAYS} days')
  and x.r_state >= s.lo and x.r_state < s.hi
join bench_filers f on x.r_filer >= f.lo and x.r_filer < f.hi
join bench_langs l on x.r_lang >= l.lo and x.r_lang < l.hi
join bench_vocab v on v.lang = l.lang
join bench_places p on p.i = x.pi`;

/** The history of complaints numbered in (from, to]: one row per command on the way to its state. */
const INSERT_TRANSITIONS = `
insert into complaint_transitions (complaint_id, version, command, from_state, to_state,
  actor_user_id, actor_organisation_id, reason, details, at)
select c.id, k, s.commands[k], case when k = 1 then null else s.states[k - 1] end, s.states[k],
  case when k = 1 then c.filer_user_id else $3::uuid end,
  case when k = 1 then c.filer_organisation_id else $4::uuid end,
  case when k = 1 then 'Filed' else 'Synthetic history (benchmark)' end, '{}'::jsonb,
  least($5::timestamptz, c.filed_at + (k - 1) * interval '1 day')
from complaints c
join (select distinct on (state) state, commands, states from bench_states order by state) s
  on s.state = c.state
cross join lateral generate_series(1, c.version) k
where c.number > $1 and c.number <= $2`;

/** One to three provisions per complaint. */
const INSERT_PROVISIONS = `
insert into complaint_provisions (complaint_id, provision_id)
select c.id, pv.provision_id
from complaints c
cross join lateral (
  select distinct ($3::uuid[])[1 + floor(random() * cardinality($3::uuid[]))::int] as provision_id
  from generate_series(1, 1 + c.number % 3)
) pv
where c.number > $1 and c.number <= $2`;

/** One complaint in ten is linked to one of the first $3 synthetic observations, at random. */
const INSERT_OBSERVATION_LINKS = `
insert into complaint_observations (complaint_id, observation_id)
select c.id, o.id
from (
  select id, floor(random() * $3::int)::int as og
  from complaints
  where number > $1 and number <= $2 and number % 10 = 0
  offset 0
) c
join observations o on o.id = ${OBSERVATION_ID('c.og')}`;

/** Rows per loading statement (each half of it on one of the two loading connections). */
const BATCH = 100_000;
/** The tables the benchmark loads; their secondary indexes are rebuilt after each load. */
const LOADED_TABLES = [
  'complaints',
  'complaint_transitions',
  'complaint_provisions',
  'complaint_observations',
  'observations',
];

interface LoadTiming {
  readonly size: number;
  readonly addedComplaints: number;
  readonly addedObservations: number;
  readonly seconds: number;
  /** Where the loading time went, step by step. */
  readonly parts: string;
}

/** Two sessions that load in parallel, each with the lookup tables and the loading settings. */
interface Loader {
  readonly a: pg.Client;
  readonly b: pg.Client;
  readonly ref: Reference;
  /** The secondary indexes as the migrations made them: name → definition. */
  readonly indexes: ReadonlyMap<string, string>;
}

async function count(client: pg.Client, table: string): Promise<number> {
  const r = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(r.rows[0]?.n ?? 0);
}

/** Indexes of the loaded tables that back no constraint (primary keys and UNIQUE stay put). */
async function secondaryIndexes(client: pg.Client): Promise<Map<string, string>> {
  const r = await client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
      where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
      order by i.relname`,
    [LOADED_TABLES],
  );
  return new Map(r.rows.map((row) => [row.name, row.def]));
}

async function openLoader(cleanup: Cleanup, url: string): Promise<Loader> {
  const open = async (name: string) => {
    const client = new pg.Client({ connectionString: url, application_name: name });
    await client.connect();
    cleanup.defer(`close ${name}`, () => client.end());
    // Loading speed only; the server's own sessions keep the defaults. The generated rows are
    // consistent by construction, so foreign-key triggers are off for these sessions (replica).
    await client.query(
      "set synchronous_commit = off; set maintenance_work_mem = '256MB'; set session_replication_role = replica",
    );
    return client;
  };
  const a = await open('bench-load-a');
  const b = await open('bench-load-b');
  const ref = await readReference(a);
  await createLookupTables(a, ref);
  await createLookupTables(b, ref);
  return { a, b, ref, indexes: await secondaryIndexes(a) };
}

/** Runs `work` for [from, to) split in two halves, one on each loading session, in parallel. */
async function halves(
  loader: Loader,
  from: number,
  to: number,
  work: (client: pg.Client, from: number, to: number) => Promise<unknown>,
): Promise<void> {
  const mid = from + Math.floor((to - from) / 2);
  await Promise.all([work(loader.a, from, mid), work(loader.b, mid, to)]);
}

async function maxNumber(client: pg.Client): Promise<number> {
  const r = await client.query<{ n: string }>(
    'select coalesce(max(number), 0) as n from complaints',
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Tops complaints and observations up to `size` each, with their history and links. The
 * secondary indexes are dropped first and rebuilt from their catalogued definitions afterwards
 * (much faster than inserting row by row); the rebuilt set is checked against the original.
 */
async function topUp(loader: Loader, size: number): Promise<LoadTiming> {
  const { a, ref } = loader;
  const t0 = performance.now();
  const times = new Map<string, number>();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    times.set(label, (times.get(label) ?? 0) + (performance.now() - started) / 1000);
  };
  const now = new Date();
  const haveObservations = await count(a, 'observations');
  const haveComplaints = await count(a, 'complaints');
  const addObservations = Math.max(0, size - haveObservations);
  const addComplaints = Math.max(0, size - haveComplaints);
  if (addObservations + addComplaints > 0) {
    await step('drop indexes', () =>
      Promise.all([...loader.indexes.keys()].map((name) => a.query(`drop index ${name}`))),
    );
  }
  for (let done = 0; done < addObservations; done += BATCH) {
    const from = haveObservations + done;
    const to = from + Math.min(BATCH, addObservations - done);
    await step('observations', () =>
      halves(loader, from, to, (c, f, t) =>
        c.query(INSERT_OBSERVATIONS, [f, t, now, [...OBSERVATION_TYPES]]),
      ),
    );
    log(`  observations: ${to.toLocaleString('en-GB')}`);
  }
  for (let done = 0; done < addComplaints; done += BATCH) {
    const from = haveComplaints + done;
    const to = from + Math.min(BATCH, addComplaints - done);
    const before = await maxNumber(a);
    await step('complaints', () =>
      halves(loader, from, to, (c, f, t) =>
        c.query(INSERT_COMPLAINTS, [
          f,
          t,
          now,
          ref.agreementId,
          ref.orgs.pk,
          ref.orgs.af,
          [...VIOLATION_CATEGORY_IDS],
        ]),
      ),
    );
    const after = await maxNumber(a);
    await step('transitions', () =>
      halves(loader, before, after, (c, f, t) =>
        c.query(INSERT_TRANSITIONS, [f, t, ref.mediator.userId, ref.orgs.tr, now]),
      ),
    );
    await step('provisions and observation links', () =>
      Promise.all([
        loader.a.query(INSERT_PROVISIONS, [before, after, ref.provisionIds]),
        loader.b.query(INSERT_OBSERVATION_LINKS, [before, after, size]),
      ]),
    );
    log(
      `  complaints: ${to.toLocaleString('en-GB')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  if (addObservations + addComplaints > 0) {
    // Two builds at a time, largest (the full-text GIN index) first.
    const defs = [...loader.indexes.values()].sort(
      (x, y) => Number(y.includes('gin')) - Number(x.includes('gin')),
    );
    await step('rebuild indexes', async () => {
      const queue = [...defs];
      const worker = async (c: pg.Client) => {
        for (let def = queue.shift(); def; def = queue.shift()) await c.query(def);
      };
      await Promise.all([worker(loader.a), worker(loader.b)]);
    });
    const rebuilt = await secondaryIndexes(a);
    const same =
      rebuilt.size === loader.indexes.size &&
      [...rebuilt].every(([name, def]) => loader.indexes.get(name) === def);
    if (!same) throw new Error('the rebuilt indexes differ from those the migrations made');
  }
  await step('vacuum analyze', () => a.query(`vacuum (analyze) ${LOADED_TABLES.join(', ')}`));
  const parts = [...times].map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ');
  log(`  load times: ${parts}`);
  return {
    size,
    addedComplaints: addComplaints,
    addedObservations: addObservations,
    seconds: (performance.now() - t0) / 1000,
    parts,
  };
}

// ---------------------------------------------------------------------------------------------
// The requests measured

type RoleKey = 'mediator' | 'officer';
const ROLE_NAMES: Record<RoleKey, string> = {
  mediator: 'mediator',
  officer: 'party officer',
};

interface Scenario {
  readonly key: string;
  readonly label: string;
  /** The query of the list request; `undefined` for a non-search request. */
  readonly query?: (role: RoleKey) => ComplaintSearchQuery;
}

/** Complaint searches, each a GET /api/v1/complaints query. */
function complaintScenarios(cursors: Record<RoleKey, string>): Scenario[] {
  return [
    { key: 'first', label: 'GET /complaints, no filter (first page)', query: () => ({}) },
    {
      key: 'filter',
      label: `GET /complaints?state=${FILTER.state}&category=${FILTER.category}`,
      query: () => ({ state: [FILTER.state], category: [FILTER.category] }),
    },
    {
      key: 'q1',
      label: `GET /complaints?q=${QUERY_ONE_WORD} (one Urdu word)`,
      query: () => ({ q: QUERY_ONE_WORD }),
    },
    {
      key: 'q2',
      label: `GET /complaints?q=${QUERY_TWO_WORDS} (two Urdu words)`,
      query: () => ({ q: QUERY_TWO_WORDS }),
    },
    {
      key: 'near',
      label: `GET /complaints near ${NEAR.name}, withinKm=${NEAR.withinKm}`,
      query: () => ({ lat: NEAR.lat, lon: NEAR.lon, withinKm: NEAR.withinKm }),
    },
    {
      key: 'deep',
      label: 'GET /complaints?cursor=… (page at 90 % depth)',
      query: (role) => ({ cursor: cursors[role] }),
    },
  ];
}

function queryString(q: ComplaintSearchQuery | ObservationSearchQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else if (v !== undefined) params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A complaint as the API takes it, filed by `role` against the other side. */
function createBody(ref: Reference, role: RoleKey): string {
  return JSON.stringify({
    agreementId: ref.agreementId,
    visibility: role === 'officer' ? 'joint' : 'mediators',
    category: 'shelling_artillery',
    provisionIds: ref.provisionIds.slice(0, 2),
    accusedOrganisationId: role === 'officer' ? ref.orgs.af : ref.orgs.pk,
    // Far from the point of the `near` search, so that the complaints filed by the benchmark
    // (the newest) match none of the searches but the unfiltered one.
    title: 'Mortar shelling near Chaman border post (benchmark)',
    narrative: {
      text: 'سرحد پر رات کو گولہ باری ہوئی، دو شہری زخمی ہوئے۔ Shelling hit the village near the post at night.',
      language: 'ur',
    },
    when: { from: '2026-01-15T02:00:00.000Z', to: '2026-01-15T03:30:00.000Z', precision: 'hour' },
    where: { latitude: 30.92, longitude: 66.45, precision: 'approximate', placeId: 'pk-chaman' },
    casualties: [{ status: 'civilian', killed: 0, injured: 2, reportedBy: 'local elders' }],
  });
}

interface Row {
  readonly size: number;
  readonly complaints: number;
  readonly observations: number;
  readonly key: string;
  readonly label: string;
  readonly role: string;
  readonly measurement: Measurement;
  /** Responses in the measured run. */
  readonly requests: number;
  /** CPU time per request of the server process and of its PostgreSQL backends (Linux only). */
  readonly serverCpuMs: number | undefined;
  readonly pgCpuMs: number | undefined;
  readonly loadAverage: number;
}

interface PlanRow {
  readonly size: number;
  readonly key: string;
  readonly label: string;
  readonly role: string;
  readonly executionMs: number;
  readonly summary: string;
  readonly full: string;
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN ANALYZE of the repository's own SQL

type Drizzle = NodePgDatabase<typeof schema>;

/** The SQL of `searchComplaints` (complaints.repository.ts), built with the same helpers. */
function complaintSearchSql(db: Drizzle, actor: Actor, q: ComplaintSearchQuery) {
  const where = searchConditions(actor, q);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${complaints.filedAt}, ${complaints.id}) < (${new Date(c.at)}, ${c.id}::uuid)`);
  }
  return db
    .select()
    .from(complaints)
    .where(and(...where))
    .orderBy(desc(complaints.filedAt), desc(complaints.id))
    .limit((q.limit ?? 50) + 1)
    .toSQL();
}

/** The SQL of the observations service's search without filters. */
function observationSearchSql(db: Drizzle, actor: Actor) {
  return db
    .select()
    .from(observations)
    .where(and(observationVisibleTo(actor)))
    .orderBy(desc(observations.observedAt), desc(observations.id))
    .limit(101)
    .toSQL();
}

/** "Limit → Index Scan Backward using complaints_filed_key on complaints (filter removed 123)". */
function summarisePlan(lines: readonly string[]): string {
  const parts: string[] = [];
  for (const line of lines) {
    const node = /^\s*(?:->\s*)?([A-Z][A-Za-z ]+?(?: using \S+)?(?: on \S+)?)\s+\(cost=/.exec(line);
    if (node) {
      const name = node[1]!;
      parts.push(name.startsWith('Bitmap Index Scan') ? name : name.replace(/ on \S+$/, ''));
      continue;
    }
    const removed = /Rows Removed by (Filter|Index Recheck): ([0-9]+)/.exec(line);
    if (removed && parts.length > 0) {
      parts[parts.length - 1] +=
        ` (${Number(removed[2]).toLocaleString('en-GB')} removed by ${removed[1]!.toLowerCase()})`;
    }
    const sort = /Sort Method: (.+)$/.exec(line.trim());
    if (sort && parts.length > 0) parts[parts.length - 1] += ` [${sort[1]}]`;
  }
  return parts.join(' → ');
}

/** Runs of each EXPLAIN ANALYZE; the median by execution time is reported (the machine is noisy). */
const EXPLAIN_RUNS = 5;

async function explain(
  client: pg.Client,
  query: { sql: string; params: unknown[] },
): Promise<{ executionMs: number; summary: string; full: string }> {
  const runs: { executionMs: number; lines: string[] }[] = [];
  for (let i = 0; i < EXPLAIN_RUNS; i++) {
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${query.sql}`,
      query.params,
    );
    const lines = result.rows.map((r) => r['QUERY PLAN']);
    const exec = lines.map((l) => /Execution Time: ([0-9.]+) ms/.exec(l)).find(Boolean);
    runs.push({ executionMs: Number(exec?.[1] ?? NaN), lines });
  }
  runs.sort((x, y) => x.executionMs - y.executionMs);
  const mid = runs[Math.floor(runs.length / 2)]!;
  return {
    executionMs: mid.executionMs,
    summary: summarisePlan(mid.lines),
    full: mid.lines.join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// Part 1 at one size

interface SizeContext {
  readonly url: string;
  readonly serverPid: number | undefined;
  readonly tokens: Record<RoleKey, string>;
  readonly ref: Reference;
  readonly settings: Settings;
  readonly client: pg.Client;
  readonly db: Drizzle;
}

/** The cursor of the row at 90 % depth of the newest-first order, as the API encodes it. */
async function deepCursor(client: pg.Client): Promise<string> {
  const n = await count(client, 'complaints');
  const r = await client.query<{ filed_at: Date; id: string }>(
    'select filed_at, id from complaints order by filed_at desc, id desc offset $1 limit 1',
    [Math.floor(n * 0.9)],
  );
  const row = r.rows[0];
  if (!row) throw new Error('no row at 90 % depth');
  return Buffer.from(JSON.stringify([row.filed_at.toISOString(), row.id])).toString('base64url');
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks per second. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system, all threads) a process has used, or undefined if unreadable. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]); // utime, stime
    return Number.isFinite(used) ? used / CLOCK_TICKS : undefined;
  } catch {
    return undefined;
  }
}

/** CPU used so far by the server process and by each of its PostgreSQL backends. */
async function cpuSnapshot(ctx: SizeContext) {
  const r = await ctx.client.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and application_name = 'truceline'",
  );
  const backends = new Map<number, number>();
  for (const { pid } of r.rows) {
    const cpu = cpuSeconds(pid);
    if (cpu !== undefined) backends.set(pid, cpu);
  }
  return { server: ctx.serverPid === undefined ? undefined : cpuSeconds(ctx.serverPid), backends };
}

async function measureRow(
  ctx: SizeContext,
  size: number,
  counts: { complaints: number; observations: number },
  key: string,
  label: string,
  role: string,
  target: Target,
): Promise<Row> {
  await probe(target);
  const { seconds, warmupSeconds, connections } = ctx.settings;
  // The warm-up is a run of its own, so that the CPU counters cover the measured run only.
  const warmup =
    warmupSeconds > 0
      ? await measure(target, { connections, seconds: warmupSeconds, warmupSeconds: 0 })
      : undefined;
  const before = await cpuSnapshot(ctx);
  const measured = await measure(target, { connections, seconds, warmupSeconds: 0 });
  const measurement = { ...measured, warmupFailures: warmup?.failures ?? 0 };
  const after = await cpuSnapshot(ctx);
  const requests = Object.values(measurement.statusCodes).reduce((x, y) => x + y, 0);
  const serverCpuMs =
    before.server !== undefined && after.server !== undefined && requests > 0
      ? (1000 * (after.server - before.server)) / requests
      : undefined;
  let pgCpu = 0;
  for (const [pid, cpu] of after.backends) pgCpu += cpu - (before.backends.get(pid) ?? 0);
  const pgCpuMs = after.backends.size > 0 && requests > 0 ? (1000 * pgCpu) / requests : undefined;
  log(
    `  ${label} [${role}]: ${Math.round(measurement.requestsPerSecond)} req/s, ` +
      `p50 ${measurement.p50Ms} ms, p99 ${measurement.p99Ms} ms, CPU per request: server ` +
      `${serverCpuMs?.toFixed(2) ?? '?'} ms, PostgreSQL ${pgCpuMs?.toFixed(2) ?? '?'} ms, ` +
      `failures ${describeFailures(measurement)}`,
  );
  return {
    size,
    ...counts,
    key,
    label,
    role,
    measurement,
    requests,
    serverCpuMs,
    pgCpuMs,
    loadAverage: os.loadavg()[0] ?? 0,
  };
}

interface Selectivity {
  readonly size: number;
  readonly key: string;
  readonly matches: number;
}

/** One measured request, and for searches the SQL to explain. */
interface Measured {
  readonly key: string;
  readonly label: string;
  readonly role: string;
  readonly target: Target;
  readonly sql?: { sql: string; params: unknown[] };
}

/** Seconds each request is run, unmeasured, before the first size: the server's JIT warms up. */
const FIRST_WARMUP_SECONDS = 2;

async function benchSize(
  ctx: SizeContext,
  size: number,
  first: boolean,
): Promise<{ rows: Row[]; plans: PlanRow[]; selectivity: Selectivity[] }> {
  const { client, url, tokens, ref } = ctx;
  const counts = {
    complaints: await count(client, 'complaints'),
    observations: await count(client, 'observations'),
  };
  const cursor = await deepCursor(client);
  const scenarios = complaintScenarios({ mediator: cursor, officer: cursor });
  const get = (role: RoleKey | null, pathAndQuery: string): Target => ({
    url: `${url}${pathAndQuery}`,
    method: 'GET',
    headers: role ? { authorization: `Bearer ${tokens[role]}` } : {},
    expectedStatus: 200,
  });
  const actors: Record<RoleKey, Actor> = { mediator: ref.mediator, officer: ref.officer };
  const roles = ['mediator', 'officer'] as const;
  const list: Measured[] = [
    { key: 'healthz', label: 'GET /healthz (baseline)', role: '—', target: get(null, '/healthz') },
  ];
  for (const s of scenarios) {
    for (const role of roles) {
      const q = s.query!(role);
      list.push({
        key: s.key,
        label: s.label,
        role: ROLE_NAMES[role],
        target: get(role, `/api/v1/complaints${queryString(q)}`),
        sql: complaintSearchSql(ctx.db, actors[role], q),
      });
    }
  }
  for (const role of roles) {
    list.push({
      key: 'obs',
      label: 'GET /observations (first page of 100)',
      role: ROLE_NAMES[role],
      target: get(role, '/api/v1/observations'),
      sql: observationSearchSql(ctx.db, actors[role]),
    });
  }
  // Creates last, so that the searches saw exactly the loaded rows.
  for (const role of roles) {
    list.push({
      key: 'create',
      label: 'POST /complaints (file)',
      role: ROLE_NAMES[role],
      target: {
        url: `${url}/api/v1/complaints`,
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
        body: createBody(ref, role),
        expectedStatus: 201,
      },
    });
  }
  if (first) {
    log(`  warming the server up: every request for ${FIRST_WARMUP_SECONDS} s, unmeasured`);
    for (const m of list.filter((x) => x.key !== 'create')) {
      await probe(m.target);
      await measure(m.target, {
        connections: ctx.settings.connections,
        seconds: FIRST_WARMUP_SECONDS,
        warmupSeconds: 0,
      });
    }
  }
  const rows: Row[] = [];
  const plans: PlanRow[] = [];
  for (const m of list) {
    rows.push(await measureRow(ctx, size, counts, m.key, m.label, m.role, m.target));
    if (m.sql) {
      const plan = await explain(client, m.sql);
      plans.push({ size, key: m.key, label: m.label, role: m.role, ...plan });
    }
  }
  const match = async (key: string, condition: string, params: unknown[]) => ({
    size,
    key,
    matches: Number(
      (
        await client.query<{ n: string }>(
          `select count(*) as n from complaints where ${condition}`,
          params,
        )
      ).rows[0]?.n ?? 0,
    ),
  });
  const selectivity = [
    await match('filter', 'state = $1 and category = $2', [FILTER.state, FILTER.category]),
    await match('q1', `search @@ plainto_tsquery('simple', $1)`, [QUERY_ONE_WORD]),
    await match('q2', `search @@ plainto_tsquery('simple', $1)`, [QUERY_TWO_WORDS]),
    await match(
      'near',
      `6371.0088 * 2 * asin(sqrt(power(sin(radians(latitude - $1) / 2), 2) + cos(radians($1)) * cos(radians(latitude)) * power(sin(radians(longitude - $2) / 2), 2))) <= $3`,
      [NEAR.lat, NEAR.lon, NEAR.withinKm],
    ),
    await match(
      'officer',
      `visibility in ('public', 'joint') or filer_organisation_id = $1 or (accused_organisation_id = $1 and reply_due_at is not null)`,
      [ref.orgs.pk],
    ),
  ];
  return { rows, plans, selectivity };
}

/**
 * Indexes that might serve a search better. After the last size each is created on the scratch
 * database alone (never in the schema), the searches it is meant for explained again, and dropped.
 */
const CANDIDATE_INDEXES: readonly { keys: readonly string[]; name: string; columns: string }[] = [
  {
    keys: ['filter'],
    name: 'bench_candidate_state_filed',
    columns: 'complaints (state, filed_at, id)',
  },
];

interface WhatIfRow {
  readonly index: string;
  readonly key: string;
  readonly label: string;
  readonly role: string;
  readonly executionMs: number;
  readonly summary: string;
}

async function whatIf(ctx: SizeContext): Promise<WhatIfRow[]> {
  const { client, ref } = ctx;
  const cursor = await deepCursor(client);
  const scenarios = complaintScenarios({ mediator: cursor, officer: cursor });
  const actors: Record<RoleKey, Actor> = { mediator: ref.mediator, officer: ref.officer };
  const out: WhatIfRow[] = [];
  for (const candidate of CANDIDATE_INDEXES) {
    const ddl = `create index ${candidate.name} on ${candidate.columns}`;
    log(`what if: ${ddl}`);
    await client.query(ddl);
    await client.query('analyze complaints');
    for (const s of scenarios.filter((x) => candidate.keys.includes(x.key))) {
      for (const role of ['mediator', 'officer'] as const) {
        const plan = await explain(
          client,
          complaintSearchSql(ctx.db, actors[role], s.query!(role)),
        );
        log(`plan with ${candidate.name}: ${s.label} [${role}]\n${plan.full}`);
        out.push({ index: ddl, key: s.key, label: s.label, role: ROLE_NAMES[role], ...plan });
      }
    }
    await client.query(`drop index ${candidate.name}`);
    await client.query('analyze complaints');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Part 2: evidence upload against copying the same file

/** A valid 16-bit stereo 48 kHz PCM WAV file of `bytes` bytes, the samples random. */
async function writeWav(file: string, bytes: number): Promise<string> {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(bytes - 8, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22); // channels
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(48_000 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(bytes - 44, 40);
  const hash = crypto.createHash('sha256');
  const handle = await fsp.open(file, 'w', 0o600);
  try {
    await handle.write(header);
    hash.update(header);
    let left = bytes - header.length;
    while (left > 0) {
      const chunk = crypto.randomBytes(Math.min(MIB, left));
      await handle.write(chunk);
      hash.update(chunk);
      left -= chunk.length;
    }
    await handle.sync(); // nothing of the source left to write back during the measurements
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function upload(
  url: string,
  token: string,
  complaintId: string,
  file: string,
  size: number,
  name: string,
): Promise<{ status: number; body: string }> {
  const target = new URL(`${url}/api/v1/complaints/${complaintId}/evidence/files`);
  target.searchParams.set('title', `Benchmark recording ${name}`);
  target.searchParams.set('visibility', 'joint');
  target.searchParams.set('fileName', name);
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(size),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    fs.createReadStream(file).on('error', reject).pipe(request);
  });
}

type CopyMethod = 'upload' | 'copyFile' | 'stream' | 'streamHash' | 'hashOnly';
const COPY_LABELS: Record<CopyMethod, string> = {
  upload: 'HTTP upload (POST …/evidence/files, 201)',
  copyFile: 'fs.copyFile + fsync (baseline)',
  stream: 'stream copy (pipeline read → write) + fsync',
  streamHash: 'stream copy with SHA-256, written chunk by chunk as staging does, + fsync',
  hashOnly: 'read and SHA-256 only, nothing written',
};
const COPY_METHODS: readonly CopyMethod[] = [
  'upload',
  'copyFile',
  'stream',
  'streamHash',
  'hashOnly',
];

interface EvidenceResult {
  readonly bytes: number;
  readonly seconds: Record<CopyMethod, number[]>;
  readonly mime: string;
}

async function benchEvidence(
  cleanup: Cleanup,
  url: string,
  token: string,
  complaintId: string,
  settings: Settings,
): Promise<EvidenceResult> {
  const bytes = settings.evidenceMiB * MIB;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-cbench-files-'));
  cleanup.defer(`remove ${dir}`, async () => fs.rmSync(dir, { recursive: true, force: true }));
  const seconds: Record<CopyMethod, number[]> = {
    upload: [],
    copyFile: [],
    stream: [],
    streamHash: [],
    hashOnly: [],
  };
  let mime = '';
  const order = [...COPY_METHODS];
  for (let i = 0; i < settings.uploads; i++) {
    const source = path.join(dir, `recording-${i}.wav`);
    const sha256 = await writeWav(source, bytes);
    // Rotate the order, so that no method always runs first (or last) after the file was made.
    const rotated = [...order.slice(i % order.length), ...order.slice(0, i % order.length)];
    for (const method of rotated) {
      const target = path.join(dir, `copy-${i}-${method}.wav`);
      const t0 = performance.now();
      if (method === 'upload') {
        const r = await upload(url, token, complaintId, source, bytes, path.basename(source));
        if (r.status !== 201)
          throw new Error(`upload: expected 201, got ${r.status}: ${r.body.slice(0, 300)}`);
        const item = JSON.parse(r.body) as { file?: { sha256?: string; mime?: string } };
        if (item.file?.sha256 !== sha256)
          throw new Error('upload: the stored hash differs from the file');
        mime = item.file.mime ?? '';
      } else if (method === 'copyFile') {
        await fsp.copyFile(source, target);
        await fsyncFile(target);
      } else if (method === 'stream') {
        await pipeline(fs.createReadStream(source), fs.createWriteStream(target));
        await fsyncFile(target);
      } else if (method === 'hashOnly') {
        const hash = crypto.createHash('sha256');
        for await (const chunk of fs.createReadStream(source)) hash.update(chunk as Buffer);
        if (hash.digest('hex') !== sha256) throw new Error('hash only: hash differs');
      } else {
        const hash = crypto.createHash('sha256');
        const out = await fsp.open(target, 'wx', 0o600);
        try {
          for await (const chunk of fs.createReadStream(source)) {
            const b = chunk as Buffer;
            hash.update(b);
            let written = 0;
            while (written < b.length) {
              written += (await out.write(b, written, b.length - written)).bytesWritten;
            }
          }
          await out.sync();
        } finally {
          await out.close();
        }
        if (hash.digest('hex') !== sha256) throw new Error('stream copy: hash differs');
      }
      seconds[method].push((performance.now() - t0) / 1000);
      if (method !== 'upload') await fsp.rm(target, { force: true });
    }
    await fsp.rm(source, { force: true });
    log(
      `  evidence ${i + 1}/${settings.uploads}: ` +
        order.map((m) => `${m} ${(bytes / MIB / seconds[m].at(-1)!).toFixed(0)} MiB/s`).join(', '),
    );
  }
  return { bytes, seconds, mime };
}

// ---------------------------------------------------------------------------------------------
// Report

const int = (v: number) => Math.round(v).toLocaleString('en-GB');
const sizeName = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : int(n);
const ratio = (a: number, b: number) =>
  b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–';
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return [
    `${os.availableParallelism()} CPUs (nproc; ${cpu})`,
    `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM`,
    `Node ${process.version}`,
    `${os.platform()} ${os.release()} ${os.arch()}`,
  ].join(', ');
}

interface ReportInput {
  readonly command: string;
  readonly startedAt: Date;
  readonly wallSeconds: number;
  readonly settings: Settings;
  readonly postgres: string;
  readonly loads: readonly LoadTiming[];
  readonly rows: readonly Row[];
  readonly plans: readonly PlanRow[];
  readonly selectivity: readonly Selectivity[];
  readonly whatIf: readonly WhatIfRow[];
  readonly evidence: EvidenceResult | undefined;
  readonly loadAverages: readonly { when: string; value: number }[];
  readonly notes: readonly string[];
}

function render(r: ReportInput): string {
  const { settings } = r;
  const sizes = [...new Set(r.rows.map((row) => row.size))];
  const out: string[] = [];
  out.push(
    `Command: \`${r.command}\`. Machine: ${machine()}; ${r.postgres} on the same machine. ` +
      `Run: ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `${Math.floor(r.wallSeconds / 60)} min ${Math.round(r.wallSeconds % 60)} s wall clock. ` +
      `One-minute load average: ${r.loadAverages.map((l) => `${l.value.toFixed(1)} (${l.when})`).join(', ')}.`,
  );
  out.push('');
  out.push(
    `Load: autocannon, ${settings.connections} connections, a ${settings.warmupSeconds} s warm-up run then ` +
      `${settings.seconds} s measured per row, against the real server (own process, pool of 10) on 127.0.0.1. ` +
      'CPU per request: the CPU time (user + system, from /proc) that the server process and its PostgreSQL ' +
      'backends used during the measured run, divided by the responses.',
  );
  out.push('');
  out.push(
    `Bulk loads (not measured): ${r.loads
      .map(
        (l) =>
          `to ${sizeName(l.size)}: +${int(l.addedComplaints)} complaints, +${int(l.addedObservations)} observations in ${l.seconds.toFixed(0)} s (${l.parts})`,
      )
      .join('; ')}.`,
  );
  out.push('');

  // Growth table: p50 and req/s per size, and the ratio from one size to the next.
  out.push('#### Growth from one size to the next');
  out.push('');
  const head = ['Request', 'Role'];
  for (const s of sizes) head.push(`req/s ${sizeName(s)}`, `p50 / p99 ms ${sizeName(s)}`);
  for (let i = 1; i < sizes.length; i++) {
    head.push(`p50 ${sizeName(sizes[i]!)} ÷ ${sizeName(sizes[i - 1]!)}`);
    head.push(`req/s ${sizeName(sizes[i - 1]!)} ÷ ${sizeName(sizes[i]!)}`);
  }
  out.push(`| ${head.join(' | ')} |`);
  out.push(`| ${head.map((_, i) => (i < 2 ? '---' : '--:')).join(' | ')} |`);
  const keys = [...new Map(r.rows.map((row) => [`${row.key}|${row.role}`, row])).values()];
  for (const k of keys) {
    const bySize = sizes.map((s) =>
      r.rows.find((x) => x.size === s && x.key === k.key && x.role === k.role),
    );
    const cells = [k.label, k.role];
    for (const row of bySize) {
      if (!row) {
        cells.push('–', '–');
        continue;
      }
      const m = row.measurement;
      const fail = m.failures > 0 ? ` ${describeFailures(m)}` : '';
      cells.push(
        int(m.requestsPerSecond),
        `${Math.round(m.p50Ms)} / ${Math.round(m.p99Ms)}${fail}`,
      );
    }
    for (let i = 1; i < sizes.length; i++) {
      const a = bySize[i - 1]?.measurement;
      const b = bySize[i]?.measurement;
      cells.push(a && b ? ratio(b.p50Ms, a.p50Ms) : '–');
      cells.push(a && b ? ratio(a.requestsPerSecond, b.requestsPerSecond) : '–');
    }
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
  out.push(
    'Rows measured per size: ' +
      sizes
        .map((s) => {
          const row = r.rows.find((x) => x.size === s);
          return `${sizeName(s)}: ${int(row?.complaints ?? 0)} complaints, ${int(row?.observations ?? 0)} observations`;
        })
        .join('; ') +
      '. Load average at the end of each row: ' +
      sizes
        .map((s) => {
          const las = r.rows.filter((x) => x.size === s).map((x) => x.loadAverage);
          return `${sizeName(s)} ${Math.min(...las).toFixed(1)}–${Math.max(...las).toFixed(1)}`;
        })
        .join(', ') +
      '.',
  );
  out.push('');

  // CPU per request.
  out.push('#### CPU time per request: server process / PostgreSQL backends (ms)');
  out.push('');
  const cpuHead = ['Request', 'Role', ...sizes.map((x) => `at ${sizeName(x)}`)];
  for (let i = 1; i < sizes.length; i++) {
    cpuHead.push(`server ${sizeName(sizes[i]!)} ÷ ${sizeName(sizes[i - 1]!)}`);
    cpuHead.push(`PostgreSQL ${sizeName(sizes[i]!)} ÷ ${sizeName(sizes[i - 1]!)}`);
  }
  out.push(`| ${cpuHead.join(' | ')} |`);
  out.push(`| ${cpuHead.map((_, i) => (i < 2 ? '---' : '--:')).join(' | ')} |`);
  const cpu = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(2));
  for (const k of keys) {
    const bySize = sizes.map((x) =>
      r.rows.find((y) => y.size === x && y.key === k.key && y.role === k.role),
    );
    const cells = [k.label, k.role];
    for (const row of bySize)
      cells.push(row ? `${cpu(row.serverCpuMs)} / ${cpu(row.pgCpuMs)}` : '–');
    for (let i = 1; i < sizes.length; i++) {
      const a = bySize[i - 1];
      const b = bySize[i];
      cells.push(a?.serverCpuMs && b?.serverCpuMs ? ratio(b.serverCpuMs, a.serverCpuMs) : '–');
      cells.push(a?.pgCpuMs && b?.pgCpuMs ? ratio(b.pgCpuMs, a.pgCpuMs) : '–');
    }
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');

  // Selectivity.
  out.push('#### How many complaints each filter matches');
  out.push('');
  const selKeys: [string, string][] = [
    ['filter', `state=${FILTER.state} and category=${FILTER.category}`],
    ['q1', `q=${QUERY_ONE_WORD}`],
    ['q2', `q=${QUERY_TWO_WORDS}`],
    ['near', `within ${NEAR.withinKm} km of ${NEAR.name}`],
    ['officer', 'visible to the party officer'],
  ];
  out.push(`| Filter | ${sizes.map((s) => `at ${sizeName(s)}`).join(' | ')} |`);
  out.push(`| --- | ${sizes.map(() => '--:').join(' | ')} |`);
  for (const [key, label] of selKeys) {
    const cells = sizes.map((s) => {
      const sel = r.selectivity.find((x) => x.size === s && x.key === key);
      const total = r.rows.find((x) => x.size === s)?.complaints ?? 0;
      return sel
        ? `${int(sel.matches)} (${((100 * sel.matches) / Math.max(1, total)).toFixed(2)} %)`
        : '–';
    });
    out.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  out.push('');

  // Plans.
  out.push('#### The database side: EXPLAIN ANALYZE of the same SQL, after the load');
  out.push('');
  out.push(
    `| Request | Role | ${sizes.map((s) => `ms at ${sizeName(s)}`).join(' | ')} | plan at ${sizeName(sizes.at(-1)!)} |`,
  );
  out.push(`| --- | --- | ${sizes.map(() => '--:').join(' | ')} | --- |`);
  const planKeys = [...new Map(r.plans.map((p) => [`${p.key}|${p.role}`, p])).values()];
  for (const k of planKeys) {
    const bySize = sizes.map((s) =>
      r.plans.find((p) => p.size === s && p.key === k.key && p.role === k.role),
    );
    const last = bySize.at(-1);
    out.push(
      `| ${k.label} | ${k.role} | ${bySize.map((p) => (p ? p.executionMs.toFixed(2) : '–')).join(' | ')} | ${last?.summary ?? '–'} |`,
    );
  }
  out.push('');

  if (r.whatIf.length > 0) {
    const last = sizes.at(-1)!;
    out.push(
      `#### What a candidate index would change (at ${sizeName(last)}, scratch database only)`,
    );
    out.push('');
    out.push('| Candidate index | Request | Role | ms without | ms with | plan with |');
    out.push('| --- | --- | --- | --: | --: | --- |');
    for (const w of r.whatIf) {
      const before = r.plans.find((p) => p.size === last && p.key === w.key && p.role === w.role);
      out.push(
        `| \`${w.index}\` | ${w.label} | ${w.role} | ${before ? before.executionMs.toFixed(2) : '–'} | ${w.executionMs.toFixed(2)} | ${w.summary} |`,
      );
    }
    out.push('');
  }

  if (r.evidence) {
    const e = r.evidence;
    const mib = e.bytes / MIB;
    out.push('#### Evidence upload against copying the same file');
    out.push('');
    out.push(
      `${settings.uploads} files of ${mib} MiB (a WAV header and random PCM; stored as ${e.mime || 'unknown'}), each uploaded once, copied three ways on the same disk and hashed once, the order rotated from file to file. Figures are the median (min–max) of the ${settings.uploads}.`,
    );
    out.push('');
    out.push('| Method | MiB/s | seconds per file | upload ÷ this |');
    out.push('| --- | --: | --: | --: |');
    const uploadRate = mib / median(e.seconds.upload);
    for (const method of COPY_METHODS) {
      const s = e.seconds[method];
      const rate = mib / median(s);
      out.push(
        `| ${COPY_LABELS[method]} | ${rate.toFixed(0)} (${(mib / Math.max(...s)).toFixed(0)}–${(mib / Math.min(...s)).toFixed(0)}) | ${median(s).toFixed(2)} | ${method === 'upload' ? '–' : ratio(uploadRate, rate)} |`,
      );
    }
    out.push('');
  }
  for (const note of r.notes) out.push(`- ${note}`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const cleanup = new Cleanup();
  installStopHandlers(cleanup, settings.limitSeconds, log);
  const startedAt = new Date();
  const t0 = performance.now();
  const loadAverages = [{ when: 'start', value: os.loadavg()[0] ?? 0 }];
  const notes: string[] = [];
  try {
    const postgres = await probePostgres(settings.postgresUrl);
    if (!postgres.ok)
      throw new Error(`PostgreSQL unreachable at ${settings.postgresUrl}: ${postgres.problem}`);
    const scratch = await createScratchDatabase(settings.postgresUrl);
    cleanup.defer(`drop database ${scratch.name}`, scratch.drop);
    log(`created scratch database ${scratch.name}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-cbench-'));
    cleanup.defer(`remove ${dataDir}`, async () =>
      fs.rmSync(dataDir, { recursive: true, force: true }),
    );
    const evidenceDir = path.join(dataDir, 'evidence');
    const demoPassword = `bench-${crypto.randomBytes(12).toString('hex')}`;
    const server = await startBenchServer(cleanup, {
      BENCH_CB_DATABASE_URL: scratch.url,
      BENCH_CB_DATA_DIR: dataDir,
      BENCH_CB_EVIDENCE_DIR: evidenceDir,
      BENCH_CB_DEMO_PASSWORD: demoPassword,
    });
    log(`server (pid ${server.pid}) at ${server.url}`);
    const tokens: Record<RoleKey, string> = {
      mediator: await createApiToken(server.url, 'mediator.tr@demo.truceline.test', demoPassword),
      officer: await createApiToken(server.url, 'officer.pk@demo.truceline.test', demoPassword),
    };

    const loader = await openLoader(cleanup, scratch.url);
    const { ref } = loader;
    const client = loader.a;
    const pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
    cleanup.defer('close the query-builder pool', () => pool.end());
    const db = drizzle({ client: pool, schema });
    const ctx: SizeContext = {
      url: server.url,
      serverPid: server.pid,
      tokens,
      ref,
      settings,
      client,
      db,
    };

    const loads: LoadTiming[] = [];
    const rows: Row[] = [];
    const plans: PlanRow[] = [];
    const selectivity: Selectivity[] = [];
    for (const size of settings.sizes) {
      log(`loading to ${size.toLocaleString('en-GB')} complaints and observations`);
      const timing = await topUp(loader, size);
      loads.push(timing);
      log(`loaded in ${timing.seconds.toFixed(0)} s; measuring`);
      const result = await benchSize(ctx, size, size === settings.sizes[0]);
      rows.push(...result.rows);
      plans.push(...result.plans);
      selectivity.push(...result.selectivity);
      loadAverages.push({ when: `after ${sizeName(size)}`, value: os.loadavg()[0] ?? 0 });
      if (size === settings.sizes.at(-1)) {
        for (const p of result.plans)
          log(`plan at ${sizeName(size)}: ${p.label} [${p.role}]\n${p.full}`);
      }
    }

    const candidates = await whatIf(ctx);

    let evidence: EvidenceResult | undefined;
    if (settings.uploads > 0) {
      log(`evidence: ${settings.uploads} uploads of ${settings.evidenceMiB} MiB against copies`);
      const filed = await fetch(`${server.url}/api/v1/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.mediator}`, 'content-type': 'application/json' },
        body: createBody(ref, 'mediator'),
      });
      const body = (await filed.json()) as { id?: string };
      if (filed.status !== 201 || !body.id) throw new Error(`filing for evidence: ${filed.status}`);
      evidence = await benchEvidence(cleanup, server.url, tokens.mediator, body.id, settings);
      loadAverages.push({ when: 'after evidence', value: os.loadavg()[0] ?? 0 });
    }

    const { count: stderrCount, first } = server.stderr();
    if (stderrCount > 0) {
      notes.push(
        `The server wrote ${stderrCount} line(s) to stderr, the first: \`${first.length > 160 ? `${first.slice(0, 160)}…` : first}\``,
      );
    }
    if (rows.some((row) => row.measurement.warmupFailures > 0)) {
      notes.push('Some requests failed during a warm-up (not counted in the table).');
    }
    const args = process.argv.slice(2).join(' ');
    const env = Object.entries(process.env)
      .filter(([k]) => k.startsWith('BENCH_') && !k.startsWith('BENCH_CB_'))
      .map(([k, v]) => `${k}=${v} `)
      .join('');
    process.stdout.write(
      render({
        command: `${env}node --import tsx bench/complaints-bench.ts${args ? ` ${args}` : ''}`,
        startedAt,
        wallSeconds: (performance.now() - t0) / 1000,
        settings,
        postgres: `PostgreSQL ${postgres.version}`,
        loads,
        rows,
        plans,
        selectivity,
        whatIf: candidates,
        evidence,
        loadAverages,
        notes,
      }),
    );
    if (rows.some((row) => row.measurement.failures > 0)) {
      log('some requests failed: see the table');
      process.exitCode = 1;
    }
  } finally {
    await cleanup.runAll();
  }
}

if (process.argv[2] === '--serve') {
  await serve();
} else {
  await main().catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}
