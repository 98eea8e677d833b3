/**
 * Gets an API token the way a script's owner would: sign in once through the HTTP API, then
 * create a token with the session cookie and CSRF token. One successful sign-in per server, so
 * the login throttle is never involved.
 */

const SESSION_COOKIE = 'truceline_session';
const TIMEOUT_MS = 30_000;

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ response: Response; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text.slice(0, 300)}`);
  return { response, json: JSON.parse(text) as unknown };
}

function stringField(json: unknown, field: string): string {
  const value = typeof json === 'object' && json !== null ? Reflect.get(json, field) : undefined;
  if (typeof value !== 'string') throw new Error(`the response has no "${field}" string`);
  return value;
}

function sessionCookie(response: Response): string {
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';', 1)[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie;
}

/** Signs in as `email` at `baseUrl` and returns the secret of a new read+write API token. */
export async function createApiToken(
  baseUrl: string,
  email: string,
  password: string,
): Promise<string> {
  const login = await postJson(`${baseUrl}/api/v1/auth/login`, { email, password });
  const headers = {
    cookie: sessionCookie(login.response),
    'x-csrf-token': stringField(login.json, 'csrfToken'),
  };
  const created = await postJson(
    `${baseUrl}/api/v1/tokens`,
    { name: 'benchmark', scopes: ['read', 'write'], expiresInDays: 30 },
    headers,
  );
  return stringField(created.json, 'secret');
}
