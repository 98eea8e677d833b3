/**
 * Outbound POSTs (webhook deliveries) go only to public addresses, carry the body and headers
 * given, follow no redirect and give up at the deadline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublicUrl, FetchError, safePost } from '../../src/platform/net/safe-fetch.ts';

describe('safePost', () => {
  let server: http.Server;
  let base = '';
  const received: Array<{ path: string; body: string; type: string | undefined }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/silent') return; // never answers
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body, type: req.headers['content-type'] });
        if (req.url === '/moved') res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers the body and headers and returns the status, following no redirect', async () => {
    const policy = { timeoutMs: 2000, allowLoopback: true };
    const headers = { 'content-type': 'application/json' };
    expect(await safePost(`${base}/hook`, '{"a":1}', headers, policy)).toBe(204);
    expect(await safePost(`${base}/moved`, '{}', headers, policy)).toBe(302);
    expect(received).toEqual([
      { path: '/hook', body: '{"a":1}', type: 'application/json' },
      { path: '/moved', body: '{}', type: 'application/json' },
    ]);
  });

  it('refuses loopback unless allowed, and private and link-local addresses always', async () => {
    await expect(
      safePost(`${base}/hook`, '{}', {}, { timeoutMs: 2000, allowLoopback: false }),
    ).rejects.toThrow(/127\.0\.0\.1 is an address in a private, loopback/);
    for (const url of ['http://10.1.2.3/', 'http://169.254.169.254/', 'http://[fd00::1]/'])
      expect(() => assertPublicUrl(url, true), url).toThrow(FetchError);
    expect(() => assertPublicUrl('http://localhost:8080/', false)).toThrow(FetchError);
    expect(assertPublicUrl('https://hooks.example.org/x', false).hostname).toBe(
      'hooks.example.org',
    );
  });

  it('gives up at the deadline, as a passing fault', async () => {
    const error = await safePost(
      `${base}/silent`,
      '{}',
      {},
      { timeoutMs: 200, allowLoopback: true },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).message).toMatch(/no answer within 200 ms/);
    expect((error as FetchError).transient).toBe(true);
  });
});
