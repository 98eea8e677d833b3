/**
 * Graceful shutdown: closing the HTTP server lets a request that is already running finish, refuses
 * new work, and resolves only afterwards; `RunningServer.shutdown()` releases the data-directory
 * lock so the next process (or the next start in this one) can open the embedded database.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createServices } from '../../src/composition-root.ts';
import { DataDirInUseError } from '../../src/platform/database/data-dir-lock.ts';
import type { Database } from '../../src/platform/database/database.ts';
import type { App } from '../../src/platform/http/app-types.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { pgliteBackend } from '../support/test-db.ts';
import { DEMO_PASSWORD, deferred, get, tempDir, waitFor, withDeadline } from './support.ts';

/** One request on a fresh connection (no pooling): resolves with the status or the socket error. */
function freshRequest(url: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
  });
}

/** A raw keep-alive HTTP/1.1 connection, to send a second request after close has started. */
async function keepAliveConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve).once('error', reject);
  });
  let received = '';
  let ended = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('close', () => (ended = true));
  socket.on('error', () => (ended = true));
  const send = (pathname: string) =>
    socket.write(`GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  return {
    socket,
    send,
    received: () => received,
    ended: () => ended,
    responses: () => received.match(/^HTTP\/1\.1 (\d{3})/gm) ?? [],
  };
}

describe('graceful shutdown of the HTTP server (buildApp + listen + close)', () => {
  let database: Database;
  let app: App;
  let port = 0;
  const data = tempDir();
  const entered = deferred();
  const release = deferred();
  const events: string[] = [];

  beforeAll(async () => {
    database = await pgliteBackend.open();
    const config = parseConfig({ TRUCELINE_LOG_LEVEL: 'silent', TRUCELINE_DATA_DIR: data.dir });
    app = await buildApp({
      config,
      database,
      readiness: { migrated: true },
      services: createServices(database, config),
    });
    // Test-only route: it waits until the test lets it finish.
    app.get('/__test/slow', async () => {
      events.push('handler started');
      entered.resolve();
      await release.promise;
      events.push('handler finished');
      return { finished: true };
    });
    app.addHook('onResponse', async (request) => {
      if (request.url === '/__test/slow') events.push('response sent');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    port = address.port;
  });

  let appClosed: Promise<void> | undefined;
  afterAll(async () => {
    release.resolve();
    await withDeadline((appClosed ??= app.close()), 20_000, 'app.close() in cleanup');
    await database.close();
    data.remove();
  });

  it('finishes the in-flight request, refuses new ones, and closes only afterwards', async () => {
    const base = `http://127.0.0.1:${port}`;
    // An idle keep-alive connection opened before shutdown.
    const idle = await keepAliveConnection(port);
    idle.send('/healthz');
    await waitFor('the keep-alive response', () => idle.responses().length === 1, {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    expect(idle.responses()[0]).toBe('HTTP/1.1 200');

    const inFlight = fetch(`${base}/__test/slow`, { signal: AbortSignal.timeout(20_000) });
    await withDeadline(entered.promise, 10_000, 'the slow handler to start');

    let closed = false;
    appClosed = app.close();
    const closing = appClosed.then(() => {
      closed = true;
      events.push('closed');
    });

    // New connections are refused once close has started.
    const refused = await waitFor(
      'a new connection to be refused',
      async () => {
        const result = await freshRequest(`${base}/healthz`);
        return 'error' in result || result.status === 503 ? result : undefined;
      },
      { timeoutMs: 5000, intervalMs: 20 },
    );
    if ('error' in refused) expect(refused.error).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
    else expect(refused.status).toBe(503);

    // The idle keep-alive connection is closed, or answers 503 to a new request on it.
    if (!idle.ended()) idle.send('/healthz');
    await waitFor(
      'the idle keep-alive connection to be closed or refused',
      () => idle.ended() || idle.responses().length === 2,
      { timeoutMs: 5000, intervalMs: 20 },
    );
    if (idle.responses().length === 2) expect(idle.responses()[1]).toBe('HTTP/1.1 503');
    idle.socket.destroy();

    // The server cannot have closed while the handler still waits.
    expect(closed).toBe(false);
    expect(events).toEqual(['handler started']);

    release.resolve();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });

    await withDeadline(closing, 10_000, 'app.close() to resolve');
    expect(events).toEqual(['handler started', 'handler finished', 'response sent', 'closed']);

    const after = await freshRequest(`${base}/healthz`);
    expect(after).toEqual({ error: 'ECONNREFUSED' });
  });
});

describe('RunningServer.shutdown() on the embedded database', () => {
  const data = tempDir();
  const running: RunningServer[] = [];
  const config = () =>
    parseConfig({
      PORT: '0',
      TRUCELINE_DATA_DIR: data.dir,
      TRUCELINE_DEMO_PASSWORD: DEMO_PASSWORD,
      TRUCELINE_LOG_LEVEL: 'silent',
    });

  afterEach(async () => {
    for (const s of running.splice(0)) await s.shutdown('test cleanup');
  });
  afterAll(() => data.remove());

  it(
    'holds the data-directory lock while running and releases it on shutdown',
    { timeout: 120_000 },
    async () => {
      const lockFile = path.join(data.dir, 'truceline.lock');
      const first = await startServer(config());
      running.push(first);
      expect(first.url).toBeDefined();
      expect((await get(`${first.url}/readyz`)).status).toBe(200);
      expect(JSON.parse(fs.readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });

      // A second open of the same directory, even in this process, is refused while it runs.
      await expect(startServer(config())).rejects.toBeInstanceOf(DataDirInUseError);

      const url = first.url!;
      running.splice(running.indexOf(first), 1);
      await withDeadline(first.shutdown('test'), 20_000, 'shutdown');
      expect(fs.existsSync(lockFile)).toBe(false);
      expect(await freshRequest(`${url}/healthz`)).toEqual({ error: 'ECONNREFUSED' });
      // Shutdown is idempotent.
      await withDeadline(first.shutdown('again'), 5000, 'second shutdown');

      const second = await startServer(config());
      running.push(second);
      expect((await get(`${second.url}/readyz`)).status).toBe(200);
      // The demo was loaded by the first start only, and the data survived the restart.
      expect(second.demoLogins).toBeUndefined();
      const crossings = await get(`${second.url}/api/v1/crossings`);
      expect(crossings.status).toBe(200);
      expect(((await crossings.json()) as { items: unknown[] }).items).toHaveLength(2);
    },
  );
});
