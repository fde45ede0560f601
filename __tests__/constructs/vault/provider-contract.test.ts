import { readFileSync } from 'fs';
import { join } from 'path';
import { CHARTS } from '../../../constructs/kubernetes/charts';
import { policyPath, resourceCalls, requiredCapabilities } from '../../../constructs/vault/provider-calls';
import {
  type CallCondition,
  PROVIDER_CONFIGURE_CALLS,
  RESOURCE_CALLS,
  TARGET_VAULT,
  VAULT_PROVIDER_SOURCE,
  VAULT_ROUTES,
  VAULT_SYS_ROOT_PATHS,
} from '../../../constructs/vault/provider-contract';

const allCalls = [...PROVIDER_CONFIGURE_CALLS, ...Object.values(RESOURCE_CALLS).flat()];

/** Whether a route (`:x` one segment, `*x` the rest) fits a path template (`{attr}` any segments, `<x>` one). */
function routeFits(route: string, template: string): boolean {
  const r = route.split('/');
  const t = template.split('/');
  for (let i = 0; i < r.length; i++) {
    if (r[i].startsWith('*')) return t.length > i;
    if (i >= t.length) return false;
    if (r[i].startsWith(':')) continue;
    if (t[i] !== r[i]) return false;
  }
  return r.length === t.length;
}

describe('provider contract', () => {
  it('is read at the provider version the cdktf bindings pin', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../node_modules/@cdktf/provider-vault/package.json'), 'utf8')) as {
      version: string;
      cdktf: { provider: { name: string; version: string } };
    };
    expect(pkg.cdktf.provider).toEqual({ name: 'registry.terraform.io/hashicorp/vault', version: '5.6.0' });
    expect(VAULT_PROVIDER_SOURCE.tag).toBe(`v${pkg.cdktf.provider.version}`);
    expect(VAULT_PROVIDER_SOURCE.bindings).toBe(`@cdktf/provider-vault ${pkg.version} -> ${pkg.cdktf.provider.name} ${pkg.cdktf.provider.version}`);
  });

  it('targets the Vault server of the pinned chart', () => {
    expect(TARGET_VAULT.source).toBe(`${CHARTS.vault.source} values.yaml server.image.tag`);
  });

  it('names a source file and function for every call, and a known route whose shape fits the path', () => {
    for (const call of allCalls) {
      expect([call.path, /^(vault|internal\/provider)\/[a-z0-9_/]+\.go [A-Za-z]/.test(call.source)]).toEqual([call.path, true]);
      expect([call.path, call.route in VAULT_ROUTES]).toEqual([call.path, true]);
      // A generic endpoint's path is the whole route; its concrete route is found per path (routeOfGenericPath).
      const fits = call.route === ':any/*path' ? call.path === '{path}' : routeFits(call.route, call.path);
      expect([call.route, call.path, fits]).toEqual([call.route, call.path, true]);
    }
  });

  it('flags sudo exactly on the root-protected sys routes', () => {
    const rootProtected = (route: string) => {
      if (!route.startsWith('sys/')) return false;
      const path = route.slice(4).replace(/:[a-z]+/g, 'x');
      return VAULT_SYS_ROOT_PATHS.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
    };
    for (const [route, facts] of Object.entries(VAULT_ROUTES)) expect([route, facts.sudo]).toEqual([route, rootProtected(route)]);
  });

  it('takes every version branch the same way on the target server as on any server from the highest gate', () => {
    const gates = allCalls.flatMap((c) => (c.when ?? []).filter((w): w is Extract<CallCondition, { version: string }> => 'version' in w).map((w) => w.version));
    const highest = gates.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1)!;
    expect(highest).toBe('1.11.0');
    expect(TARGET_VAULT.version.localeCompare(highest, undefined, { numeric: true })).toBeGreaterThan(0);
  });

  it('uses the issuer API for PKI on the target server and the legacy paths before 1.11', () => {
    const root = { type: 'vault_pki_secret_backend_root_cert', address: 'root', attributes: { backend: 'pki-root', type: 'internal' } };
    const sign = { type: 'vault_pki_secret_backend_root_sign_intermediate', address: 'sign', attributes: { backend: 'pki-root', issuer_ref: 'root' } };
    const paths = (version: string) =>
      [root, sign].flatMap((r) => resourceCalls(r, {}, { version, edition: 'community' })).filter((c) => c.operation !== 'read').map((c) => `${c.operation} ${c.method} ${policyPath(c.segments)}`);
    expect(paths(TARGET_VAULT.version)).toEqual([
      'create PUT pki-root/issuers/generate/root/internal',
      'plan GET pki-root/issuer/+/pem',
      'delete DELETE pki-root/issuer/+',
      'create PUT pki-root/issuer/root/sign-intermediate',
    ]);
    expect(paths('1.10.4')).toEqual(['create PUT pki-root/root/generate/internal', 'plan GET pki-root/ca/pem', 'delete DELETE pki-root/root', 'create PUT pki-root/root/sign-intermediate']);
  });

  it('maps writes to create or update the way Vault does', () => {
    expect(requiredCapabilities({ method: 'PUT', operation: 'create' }, false)).toEqual(['update']);
    expect(requiredCapabilities({ method: 'PUT', operation: 'create' }, true)).toEqual(['create']);
    expect(requiredCapabilities({ method: 'PUT', operation: 'update' }, true)).toEqual(['update']);
    expect(requiredCapabilities({ method: 'POST', operation: 'create' }, 'unknown')).toEqual(['create', 'update']);
    expect(requiredCapabilities({ method: 'DELETE', operation: 'delete' }, 'unknown')).toEqual(['delete']);
  });

  it('fails with a clear message for a resource type without a contract', () => {
    expect(() => resourceCalls({ type: 'vault_token', address: 'vault_token.x', attributes: {} }, {})).toThrow(
      'vault_token.x: no provider contract for resource type vault_token; add it to RESOURCE_CALLS',
    );
  });
});
