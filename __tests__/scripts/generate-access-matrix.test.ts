import { readFileSync } from 'fs';
import { join } from 'path';
import { ACCESS_MATRIX_PATH, accessMatrixDocument, environmentAccessModel, sampleAccessMatrix } from '../../scripts/generate-access-matrix';
import { SAMPLE_INPUTS, sampleConfig } from '../helpers';

describe('access matrix', () => {
  it('is committed exactly as generated from the environment configs (npm run docs:access-matrix)', () => {
    expect(readFileSync(ACCESS_MATRIX_PATH, 'utf8')).toBe(sampleAccessMatrix());
  });

  it('lists every identity of an environment with each path and capability', () => {
    const dev = sampleConfig('dev');
    const text = accessMatrixDocument([dev]);
    for (const identity of environmentAccessModel(dev)) {
      for (const policy of identity.policies) {
        for (const grant of policy.grants) {
          expect(text).toContain(`| \`${identity.loginPath}\` | ${identity.subject} | \`${policy.name}\` | \`${grant.path}\` | ${grant.capabilities.join(', ')}`);
          expect(text).toContain(` | ${grant.purpose} |`);
        }
      }
    }
    expect(text).toContain('| `ledger-worker` | `payments` | `services-payments-dev` | application | `payments/ledger-worker` | direct | `kv/application/ledger-worker` |');
    expect(text).toContain('| `auth/jwt-hcp-terraform/role/vaultplat-vault-config-dev` | HCP Terraform workspace vaultplat-vault-config-dev (plan and apply runs) | `platform-admin` |');
    expect(text).toContain(
      '| `auth/kubernetes-tooling/role/secret-id-issuer-payments` | tooling: vault-secret-id-issuer/secret-id-issuer-payments (CronJob issuing the AppRole secret IDs of shard payments) | `svc-secret-id-issuer-payments` | `kv/data/bootstrap/application/ledger-worker` | create, update |',
    );
    expect(text).toContain(
      '| `auth/jwt-hcp-terraform/role/vaultplat-services-dev` | HCP Terraform workspaces vaultplat-services-*-dev (the service stacks; plan and apply runs) | `service-catalog` | `auth/approle/role/+` | create, read, update, delete (allowed parameters: `*` = any; `bind_secret_id` = `true`; `token_policies` = `"svc-tooling-*"`, `"svc-application-*"`, `"svc-secret-id-issuer-*"`; `policies` = `"svc-tooling-*"`, `"svc-application-*"`, `"svc-secret-id-issuer-*"`) |',
    );
    expect(text).toContain('| `PUT sys/policies/acl/platform-admin` | this policy (vault_policy create) |');
    expect(text).not.toContain('`kv/data/bootstrap/*`');
  });

  it('lists the Kubernetes side of every service: namespace, service account, store, secret names and network allows', () => {
    for (const name of Object.keys(SAMPLE_INPUTS) as (keyof typeof SAMPLE_INPUTS)[]) {
      const env = sampleConfig(name);
      const text = accessMatrixDocument([env]);
      const login = (cluster: string, service: string) => (cluster === 'tooling' ? `kubernetes \`auth/kubernetes-tooling/role/${service}\`` : `jwt \`auth/jwt-application/role/${service}\``);
      for (const service of env.vault.services) {
        const row = text.split('\n').find((line) => line.startsWith(`| \`${service.name}\` | \`${service.namespace}/${service.serviceAccount}\` |`));
        expect([service.name, row]).toEqual([service.name, expect.stringContaining(`| \`${service.name}-vault\`: ${login(service.cluster, service.name)}, audience \`vault\` |`)]);
        const secrets = service.delivery === 'direct' ? [`${service.name}-vault-auth`] : [`${service.name}-secrets`, ...(service.signingKeys ? [`${service.name}-signing-keys`] : [])];
        for (const secret of secrets) expect(row).toContain(`\`${secret}\``);
        expect(row).toContain('vault: TCP 8200 to ');
        expect(row!.includes('postgres: TCP 5432')).toBe(service.database !== undefined);
        for (const egress of service.egress) expect(row).toContain(`egress-${egress.name}: ${egress.ports.map((p) => `${p.protocol} ${p.port}`).join(', ')} to ${egress.cidrs.join(', ')}`);
      }
      expect(text).toContain('| application | `payments` | `ledger-worker`, `payments-api` | restricted (v1.35) |');
      expect(text).toContain(`| \`services-payments-${name}\` | \`vault-secret-id-issuer/secret-id-issuer-payments\` | \`7 */8 * * *\` UTC | \`kv/bootstrap/application/ledger-worker\` |`);
    }
  });

  it('leaves database grants out of the platform identity of an environment without a database', () => {
    const withoutDatabase = sampleConfig('dev');
    delete withoutDatabase.database;
    for (const service of withoutDatabase.vault.services) delete service.database;
    const platform = environmentAccessModel(withoutDatabase).find((i) => i.kind === 'jwt-role')!;
    expect(platform.policies[0].grants.some((g) => g.path.startsWith('database/'))).toBe(false);
  });

  describe.each(Object.keys(SAMPLE_INPUTS) as (keyof typeof SAMPLE_INPUTS)[])('README "Secrets architecture" section (%s)', (name) => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Secrets architecture'), readme.indexOf('\n## ', readme.indexOf('## Secrets architecture') + 1));

    it('lists every sample service with its delivery mode and keys, and why each direct service is direct', () => {
      expect(section.startsWith('## Secrets architecture')).toBe(true);
      for (const service of sampleConfig(name).vault.services) {
        const row = section.split('\n').find((line) => line.startsWith(`| \`${service.name}\` |`));
        expect(row).toContain(`| \`${service.delivery}\` |`);
        for (const { key } of service.secrets) expect(row).toContain(`\`${key}\``);
        if (service.delivery === 'direct') expect(section.replace(/\s+/g, ' ').toLowerCase()).toContain(service.justification!.toLowerCase());
      }
      expect(section).toContain('[docs/access-matrix.md](docs/access-matrix.md)');
      expect(section).toContain('[docs/secrets-architecture.md](docs/secrets-architecture.md)');
    });
  });
});
