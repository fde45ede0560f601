import { type FetchLike } from '../../scripts/ci/hcp-terraform-client';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
}

type Reply = { status?: number; body?: unknown };

/**
 * A fake HCP Terraform / GitHub API: routes `METHOD url-suffix` to replies (a list is replayed in order, the last one
 * repeating), and records every request.
 */
export function fakeApi(routes: Record<string, Reply | Reply[] | ((req: RecordedRequest) => Reply)>): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const calls = new Map<string, number>();
  const fetch: FetchLike = async (url, init = {}) => {
    const req: RecordedRequest = { method: init.method ?? 'GET', url, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) };
    requests.push(req);
    const key = Object.keys(routes).find((k) => {
      const [method, suffix] = k.split(' ');
      return method === req.method && url.endsWith(suffix);
    });
    if (key === undefined) return { ok: false, status: 599, json: async () => ({}), text: async () => `no route for ${req.method} ${url}` };
    const route = routes[key];
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    const reply = typeof route === 'function' ? route(req) : Array.isArray(route) ? route[Math.min(n, route.length - 1)] : route;
    const status = reply.status ?? 200;
    return { ok: status < 300, status, json: async () => reply.body, text: async () => JSON.stringify(reply.body ?? '') };
  };
  return { fetch, requests };
}

/** JSON:API body of one object. */
export const jsonApi = (id: string, attributes: Record<string, unknown>, relationships: Record<string, unknown> = {}) => ({ body: { data: { id, attributes, relationships } } });
