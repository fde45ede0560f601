import { App } from 'cdktf';
import { type EnvironmentConfig } from '../../environments/schema';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { VaultConfigStack } from '../../stacks/vault-config-stack';

/** Stand-ins for the cluster stacks' outputs. */
export const TEST_CLUSTERS = {
  tooling: {
    host: 'https://TOOLING.gr7.eu-west-1.eks.amazonaws.com',
    caCertificatePem: '-----BEGIN CERTIFICATE-----\nTOOLING-CA\n-----END CERTIFICATE-----\n',
    issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/TOOLING',
  },
  application: {
    host: 'https://APPLICATION.gr7.eu-west-1.eks.amazonaws.com',
    caCertificatePem: '-----BEGIN CERTIFICATE-----\nAPPLICATION-CA\n-----END CERTIFICATE-----\n',
    issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/APPLICATION',
  },
} as const;

/** Stand-in for the data stack's outputs. */
export const TEST_DATABASE = { address: 'vaultplat.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, databaseName: 'platform' } as const;

/** A vault-config stack of one environment with literal inputs instead of cross-stack references. */
export function vaultConfigStack(environment: EnvironmentConfig, options: { database?: boolean } = {}): VaultConfigStack {
  return new VaultConfigStack(new App(), {
    environment,
    deployment: DEFAULT_DEPLOYMENT,
    vaultAddress: `https://vault.${environment.vaultAccess.privateZoneName}:8200`,
    clusters: TEST_CLUSTERS,
    database: options.database === false ? undefined : TEST_DATABASE,
  });
}
