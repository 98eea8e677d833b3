/**
 * The composition root: the one place that turns configuration into a running system. It opens the
 * database, runs migrations, loads the server secret and builds the services; everything else
 * receives what it needs as arguments.
 */
import type { Config } from './config/config.ts';
import { openPglite } from './platform/database/pglite.database.ts';
import { openPostgres } from './platform/database/postgres.database.ts';
import type { Database } from './platform/database/database.ts';
import { createSecretHasher, loadServerSecret } from './platform/secrets/server-secret.ts';
import { createAuthService, type AuthService } from './features/auth/auth.service.ts';
import { createTokensService, type TokensService } from './features/tokens/tokens.service.ts';
import { createUsersService, type UsersService } from './features/users/users.service.ts';
import type { Readiness } from './features/health/health.routes.ts';
import { createLogService, type LogService } from './features/log/log.service.ts';
import { createSequencer, type Sequencer } from './features/log/log.sequencer.ts';
import { createWitnessesService, type WitnessesService } from './features/log/witnesses.service.ts';
import { loadLogSigningKey, nodeHasher, nodeVerifier } from './platform/secrets/log-signing-key.ts';
import { ed25519VerifierKey } from '@truceline/domain';
import {
  createComplaintsService,
  type ComplaintsService,
} from './features/complaints/complaints.service.ts';
import {
  createComplaintCommandsService,
  type ComplaintCommandsService,
} from './features/complaints/complaint-commands.service.ts';
import {
  createObservationsService,
  type ObservationsService,
} from './features/observations/observations.service.ts';
import {
  createInboxService,
  createNotificationSink,
  type InboxService,
} from './features/notifications/notifications.service.ts';
import {
  createEvidenceService,
  type EvidenceService,
} from './features/evidence/evidence.service.ts';
import { createBlobStore } from './platform/blobs/index.ts';
import type { BlobStore } from './platform/blobs/blob-store.ts';
import {
  createWebhooksService,
  type WebhooksService,
} from './features/notifications/webhooks.service.ts';
import {
  createCommitmentsService,
  type CommitmentsService,
} from './features/commitments/commitments.service.ts';
import {
  createAssurancesService,
  type AssurancesService,
} from './features/commitments/assurances.service.ts';
import { createTalksService, type TalksService } from './features/talks/talks.service.ts';
import {
  createCrossingsService,
  type CrossingsService,
} from './features/crossings/crossings.service.ts';
import { createIntelService, type IntelService } from './features/intel/intel.service.ts';
import {
  createHandoversService,
  type HandoversService,
} from './features/handovers/handovers.service.ts';
import { createIngestService, type IngestService } from './features/osint/ingest.service.ts';
import { createArticlesService, type ArticlesService } from './features/osint/articles.service.ts';
import { createSourcesService, type SourcesService } from './features/osint/sources.service.ts';
import { createFeedsService, type FeedsService } from './features/osint/feeds.service.ts';
import { createStoriesService, type StoriesService } from './features/osint/stories.service.ts';
import { createWatchDirService, type WatchDirService } from './features/osint/watch-dir.service.ts';
import {
  createStoryMatchesService,
  type StoryMatchesService,
} from './features/osint/story-matches.service.ts';
import { rawReferenced } from './features/osint/osint.repository.ts';
import { MAX_HTML_BYTES } from './features/osint/extract-html.ts';
import { loadActors } from './features/osint/actor-table.ts';

/** Open-source monitoring: ingestion, sources and feeds, the watched directory, stories. */
export interface OsintServices {
  readonly ingest: IngestService;
  readonly articles: ArticlesService;
  readonly sources: SourcesService;
  readonly feeds: FeedsService;
  readonly stories: StoriesService;
  /** Complaints and observations a story may concern. */
  readonly matches: StoryMatchesService;
  readonly watch: WatchDirService;
}

export interface Services {
  readonly auth: AuthService;
  readonly users: UsersService;
  readonly tokens: TokensService;
  readonly log: LogService;
  readonly sequencer: Sequencer;
  readonly witnesses: WitnessesService;
  readonly complaints: ComplaintsService;
  readonly complaintCommands: ComplaintCommandsService;
  readonly observations: ObservationsService;
  readonly inbox: InboxService;
  readonly webhooks: WebhooksService;
  readonly evidence: EvidenceService;
  readonly commitments: CommitmentsService;
  readonly assurances: AssurancesService;
  readonly talks: TalksService;
  readonly crossings: CrossingsService;
  readonly intel: IntelService;
  readonly handovers: HandoversService;
  readonly osint: OsintServices;
  /** Closes what the services hold open (the blob store's clients). */
  close(): Promise<void>;
}

export interface Container {
  readonly config: Config;
  readonly database: Database;
  readonly services: Services;
  readonly readiness: Readiness;
  readonly clock: () => Date;
  close(): Promise<void>;
}

/** Opens the configured database (locking an embedded data directory first). */
export async function openDatabase(
  config: Config,
  onPoolError?: (error: Error) => void,
): Promise<Database> {
  return config.database.kind === 'pglite'
    ? openPglite({ dataDir: config.database.dataDir })
    : openPostgres({
        url: config.database.url,
        poolSize: config.database.poolSize,
        ...(onPoolError ? { onPoolError } : {}),
      });
}

/** Builds the services over an open database. Separate so tests can pass an in-memory one. */
export function createServices(
  database: Database,
  config: Pick<Config, 'secret' | 'session' | 'log' | 'evidence' | 'osint' | 'webhooks'> & {
    database: { dataDir: string } | { dataDir?: string };
  },
  clock: () => Date = () => new Date(),
): Services {
  const dataDir = config.database.dataDir ?? '.';
  const hasher = createSecretHasher(loadServerSecret(config.secret, dataDir));
  const logKey = loadLogSigningKey(config.log.keyFile, dataDir);
  const db = database.db;
  const events = createNotificationSink();
  // Opened on first use (creating directories or checking the bucket is asynchronous); a failure
  // surfaces on that use, and at start-up through the orphan sweep.
  let store: Promise<BlobStore> | undefined;
  const openStore = () => (store ??= createBlobStore(config.evidence, dataDir));
  const logVerifierKey = ed25519VerifierKey(nodeHasher, config.log.origin, logKey.publicKey);
  const witnesses = createWitnessesService({
    db,
    hasher: nodeHasher,
    verifier: nodeVerifier,
    logKey: logVerifierKey,
    clock,
  });
  const osintConfig = config.osint;
  const actors = loadActors(osintConfig.actorsFile);
  const stories = createStoriesService({ db, clock, options: { actors } });
  const ingest = createIngestService({
    db,
    clock,
    store: openStore,
    maxBytes: MAX_HTML_BYTES,
    recluster: async () => {
      await stories.recluster();
    },
  });
  const fetchPolicy = {
    timeoutMs: osintConfig.fetchTimeoutMs,
    maxBytes: MAX_HTML_BYTES,
    allowLoopback: osintConfig.allowLoopback,
  };
  const osint: OsintServices = {
    ingest,
    articles: createArticlesService({ db, store: openStore }),
    sources: createSourcesService({ db, clock, ingest, fetchPolicy }),
    feeds: createFeedsService({
      db,
      clock,
      ingest,
      fetchPolicy,
      pollMinutes: osintConfig.pollMinutes,
    }),
    stories,
    matches: createStoryMatchesService({ db, actors }),
    watch: createWatchDirService({ dir: osintConfig.watchDir, ingest, maxBytes: MAX_HTML_BYTES }),
  };
  return {
    auth: createAuthService({ db, hasher, clock, sessions: config.session }),
    users: createUsersService(db, clock),
    tokens: createTokensService({ db, hasher, clock }),
    log: createLogService({
      db,
      hasher: nodeHasher,
      logKey: logVerifierKey,
      witnessKeys: () => witnesses.keys(),
    }),
    sequencer: createSequencer({
      db,
      hasher: nodeHasher,
      origin: config.log.origin,
      key: logKey,
      previousKey:
        config.log.previousKeyFile === undefined
          ? undefined
          : loadLogSigningKey(config.log.previousKeyFile, dataDir),
    }),
    witnesses,
    complaints: createComplaintsService({ db, clock, events }),
    complaintCommands: createComplaintCommandsService({ db, clock, events }),
    observations: createObservationsService({ db, clock }),
    inbox: createInboxService({ db, clock }),
    webhooks: createWebhooksService({ db, clock, ...config.webhooks }),
    evidence: createEvidenceService({
      db,
      clock,
      store: openStore,
      maxBytes: config.evidence.maxBytes,
      // News articles keep their raw form in the same store.
      alsoReferenced: (sha256) => rawReferenced(db, sha256),
    }),
    commitments: createCommitmentsService({ db, clock }),
    assurances: createAssurancesService({ db, clock }),
    talks: createTalksService({ db, clock }),
    crossings: createCrossingsService({ db, clock }),
    intel: createIntelService({ db, clock }),
    handovers: createHandoversService({ db, clock }),
    osint,
    async close() {
      if (store) await (await store.catch(() => undefined))?.close();
    },
  };
}

/** Opens, migrates and wires everything for `config`. */
export async function createContainer(
  config: Config,
  options: { onPoolError?: (error: Error) => void; migrate?: boolean } = {},
): Promise<Container> {
  const database = await openDatabase(config, options.onPoolError);
  const readiness: Readiness = { migrated: false };
  try {
    if (options.migrate !== false) {
      await database.migrate();
      readiness.migrated = true;
    }
    const clock = () => new Date();
    const services = createServices(database, config, clock);
    return {
      config,
      database,
      services,
      readiness,
      clock,
      close: async () => {
        await services.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
