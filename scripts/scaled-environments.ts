import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { type EnvironmentInput } from '../environments/schema';
import { staging } from '../environments/staging';

/**
 * Services per generated team: a catalog of `n` services is `n / 10` teams, each with its own namespace and so its own
 * service stack `services-<team>-<env>` (docs/service-catalog.md).
 */
export const SERVICES_PER_TEAM = 10;

/**
 * The environments of main.ts with `count` generated services added to each: the load `npm run bench` measures
 * ("500 declared services per environment"). Teams of {@link SERVICES_PER_TEAM} services share a namespace on the
 * application cluster and a service stack; every service has two static secrets, every second one read-only database credentials and
 * every fifth one a certificate for its own name: the mix of the declared services, at scale.
 */
export function scaledEnvironments(count: number): EnvironmentInput[] {
  return [dev, staging, prod].map((environment) => withGeneratedServices(environment, count));
}

export function withGeneratedServices(environment: EnvironmentInput, count: number): EnvironmentInput {
  const input = structuredClone(environment) as EnvironmentInput;
  const baseDomain = input.vault.pki?.allowedBaseDomains?.[0];
  const generated = Array.from({ length: count }, (_, i) => {
    const team = `team-${String(Math.floor(i / SERVICES_PER_TEAM)).padStart(3, '0')}`;
    const name = `${team}-svc-${i % SERVICES_PER_TEAM}`;
    return {
      name,
      team,
      cluster: 'application' as const,
      namespace: team,
      serviceAccount: name,
      secrets: [
        { key: 'api_key', purpose: 'Key for the upstream API this generated service calls' },
        { key: 'signing_secret', purpose: 'Signs the webhooks this generated service sends' },
      ],
      ...(i % 2 === 0 ? { database: { access: 'read-only' as const } } : {}),
      ...(i % 5 === 0 && baseDomain ? { certificates: { allowedDomains: [`${name}.${baseDomain}`] } } : {}),
    };
  });
  input.vault.services = [...(input.vault.services ?? []), ...generated];
  return input;
}
