import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An answer other than 2xx, with what the server said: the page maps it to a message in the reader's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly field?: string,
    readonly errors?: unknown,
    readonly retryAfterSec?: number,
    /** The server's machine-readable reason, where it gives one (e.g. `link-expired`). */
    readonly code?: string,
  ) {
    super(`${status} ${serverMessage}`);
  }
}

type TokenSource = () => string | null;
type Unauthorized = () => void;

let tokenSource: TokenSource = () => null;
let onUnauthorized: Unauthorized = () => undefined;

/** The session store tells the client where the token is and what to do on a 401 (sign in again, keeping the route). */
export function bindSession(source: TokenSource, unauthorized: Unauthorized): void {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

export function currentToken(): string | null {
  return tokenSource();
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res
    .clone()
    .json()
    .catch(() => ({}))) as { message?: unknown; field?: string; errors?: unknown; code?: unknown };
  const message = Array.isArray(body.message) ? body.message.join('; ') : typeof body.message === 'string' ? body.message : res.statusText;
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(res.status, message, body.field, body.errors, Number.isFinite(retry) && retry > 0 ? retry : undefined, typeof body.code === 'string' ? body.code : undefined);
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = tokenSource();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response, request }) {
    if (response.ok) return response;
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) onUnauthorized();
    throw await toApiError(response);
  },
};

/**
 * The typed API client, generated from the server's OpenAPI document (src/api/schema.d.ts, `npm run api:generate`).
 * Every call either answers its 2xx body or throws an ApiError.
 */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** For answers that are files (CSV, PDF): fetched with the token and saved under a name. */
export async function download(path: string, name: string): Promise<void> {
  const token = tokenSource();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw await toApiError(res);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A plain request for what the document does not type (bodies that are CSV or images). */
export async function send(method: string, path: string, body?: BodyInit | object, headers: Record<string, string> = {}): Promise<unknown> {
  const token = tokenSource();
  const isJson = body !== undefined && !(typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer || body instanceof FormData);
  const res = await fetch(path, {
    method,
    headers: { ...(isJson ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: isJson ? JSON.stringify(body) : (body as BodyInit | undefined),
  });
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw await toApiError(res);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') ?? '';
  return type.includes('json') ? res.json() : res.text();
}
