import { problemsAfter } from '../helpers';
import { type EnvironmentInput } from '../../environments/schema';

type Service = NonNullable<EnvironmentInput['vault']['services']>[number];

/** Problems of dev with one service changed. */
function serviceProblems(index: number, mutate: (service: Service) => void, env: 'dev' | 'prod' = 'dev'): string[] {
  return problemsAfter((input) => mutate(input.vault.services![index]), env);
}

describe('workload fields of a service', () => {
  it('accepts egress to a narrow range its cluster opens, a faster refresh and a quota of its own', () => {
    expect(
      problemsAfter((input) => {
        input.clusters.application.serviceEgress!.push({ name: 'proxy', purpose: 'Outbound proxy', cidrs: ['10.20.0.0/24'], ports: [{ port: 3128 }] });
        const s = input.vault.services![0];
        s.egress = [{ name: 'stripe-proxy', purpose: 'Outbound proxy to the Stripe API', cidrs: ['10.20.0.4/32'], ports: [{ port: 3128 }] }];
        s.secretRefreshSeconds = 120;
        s.quota = { requestsCpuMillicores: 250, requestsMemoryMiB: 256, limitsMemoryMiB: 512, pods: 4 };
      }),
    ).toEqual([]);
  });

  it("refuses egress its cluster does not open (another port, a wider range, another cluster's destination), saying where to declare it", () => {
    expect(
      serviceProblems(0, (s) => {
        s.egress = [
          { name: 'relay', purpose: 'SMTP relay', cidrs: ['10.11.0.25/32', '10.11.0.0/24'], ports: [{ port: 587 }, { port: 25 }] },
          { name: 'api', purpose: 'An internal API on HTTPS (the nodes reach 443 anywhere)', cidrs: ['10.40.0.0/24'], ports: [{ port: 443 }] },
        ];
      }),
    ).toEqual([
      ...[
        ['[0]', '10.11.0.25/32 TCP 25'],
        ['[1]', '10.11.0.0/24 TCP 587'],
        ['[1]', '10.11.0.0/24 TCP 25'],
      ].map(
        ([cidr, what]) =>
          `dev.vault.services[0].egress[0].cidrs${cidr}: ${what} is not opened on the application cluster's nodes: pods leave through their node's security group, which opens only the destinations listed in clusters.application.serviceEgress; add this destination there (a reviewed change to cluster-application-<env>), or use one listed there (got "${what.split(' ')[0]}")`,
      ),
    ]);
    // The tooling cluster opens nothing: the same relay is refused for a tooling service.
    expect(serviceProblems(3, (s) => (s.egress = [{ name: 'relay', purpose: 'SMTP relay', cidrs: ['10.11.0.25/32'], ports: [{ port: 587 }] }]))).toEqual([
      `dev.vault.services[3].egress[0].cidrs[0]: 10.11.0.25/32 TCP 587 is not opened on the tooling cluster's nodes: pods leave through their node's security group, which opens only the destinations listed in clusters.tooling.serviceEgress; add this destination there (a reviewed change to cluster-tooling-<env>), or use one listed there (got "10.11.0.25/32")`,
    ]);
  });

  it("checks a cluster's own destinations like a service's: narrow, private unless HTTPS, named once", () => {
    expect(
      problemsAfter((input) => {
        input.clusters.tooling.serviceEgress = [
          { name: 'relay', purpose: 'x', cidrs: ['10.0.0.0/8'], ports: [{ port: 25 }] },
          { name: 'relay', purpose: 'y', cidrs: ['198.51.100.7/32'], ports: [{ port: 25 }] },
        ];
      }),
    ).toEqual([
      'dev.clusters.tooling.serviceEgress[0].cidrs[0]: is broader than /16; name the destination (a relay\'s address or an endpoint\'s subnet), never a large range or the internet (got "10.0.0.0/8")',
      'dev.clusters.tooling.serviceEgress[1].name: is already used by another egress rule of this cluster; name each destination once (got "relay")',
      'dev.clusters.tooling.serviceEgress[1].cidrs[0]: is not a private range: pods leave through their node, which reaches the internet on HTTPS (TCP 443) only; reach another port through a relay or VPC endpoint in a private range (got "198.51.100.7/32")',
    ]);
  });

  it('refuses a refresh slower than the tier allows or faster than a minute', () => {
    expect(serviceProblems(0, (s) => (s.secretRefreshSeconds = 600), 'prod')).toEqual([
      'prod.vault.services[0].secretRefreshSeconds: is slower than the prod tier allows (at most 300 seconds between refreshes); a rotated secret must reach the pods within that time (got 600)',
    ]);
    expect(serviceProblems(0, (s) => (s.secretRefreshSeconds = 10))).toEqual(['dev.vault.services[0].secretRefreshSeconds: expected 60-3600 seconds (got 10)']);
  });

  it('accepts a public destination for HTTPS only (the nodes reach the internet on 443 only)', () => {
    expect(serviceProblems(0, (s) => (s.egress = [{ name: 'stripe', purpose: 'Stripe API', cidrs: ['203.0.113.0/24'], ports: [{ port: 443 }] }]))).toEqual([]);
    expect(serviceProblems(0, (s) => (s.egress = [{ name: 'mail', purpose: 'SMTP', cidrs: ['203.0.113.25/32'], ports: [{ port: 587 }] }]))).toEqual([
      'dev.vault.services[0].egress[0].cidrs[0]: is not a private range: pods leave through their node, which reaches the internet on HTTPS (TCP 443) only; reach another port through a relay or VPC endpoint in a private range (got "203.0.113.25/32")',
    ]);
  });

  it('refuses egress to the internet, a broad or invalid range, a repeated name, no ports or an unknown protocol', () => {
    expect(
      serviceProblems(1, (s) => {
        s.egress = [
          { name: 'anywhere', purpose: 'x', cidrs: ['0.0.0.0/0', '10.0.0.0/8', '10.1.2.3/24'], ports: [{ port: 25 }] },
          { name: 'anywhere', purpose: 'y', cidrs: ['10.2.0.0/16'], ports: [] },
          { name: 'dns', purpose: 'z', cidrs: ['10.3.0.0/24'], ports: [{ port: 53, protocol: 'ICMP' as 'TCP' }] },
        ];
      }),
    ).toEqual([
      'dev.vault.services[1].egress[1].ports: expected at least one port (got [])',
      'dev.vault.services[1].egress[2].ports[0].protocol: expected "TCP" (the default) or "UDP" (got "ICMP")',
      'dev.vault.services[1].egress[0].cidrs[0]: is broader than /16; name the destination (a relay\'s address or an endpoint\'s subnet), never a large range or the internet (got "0.0.0.0/0")',
      'dev.vault.services[1].egress[0].cidrs[1]: is broader than /16; name the destination (a relay\'s address or an endpoint\'s subnet), never a large range or the internet (got "10.0.0.0/8")',
      'dev.vault.services[1].egress[0].cidrs[2]: host bits are set; the network address is 10.1.2.0/24 (got "10.1.2.3/24")',
      'dev.vault.services[1].egress[1].name: is already used by another egress rule of this service; name each destination once (got "anywhere")',
    ]);
  });

  it('refuses memory limits below the requests, declared or from the tier default', () => {
    expect(serviceProblems(0, (s) => (s.quota = { requestsMemoryMiB: 2048, limitsMemoryMiB: 1024 }))).toEqual([
      'dev.vault.services[0].quota.limitsMemoryMiB: is below the memory requests (2048 MiB); memory limits can never be lower than requests (got 1024)',
    ]);
    expect(serviceProblems(0, (s) => (s.quota = { requestsMemoryMiB: 2048 }))).toEqual([
      'dev.vault.services[0].quota.limitsMemoryMiB: (the dev default) is below the memory requests (2048 MiB); memory limits can never be lower than requests (got 1024)',
    ]);
  });

  it('refuses a quota above the ceiling', () => {
    expect(serviceProblems(0, (s) => (s.quota = { pods: 1000 }))).toEqual(['dev.vault.services[0].quota.pods: expected 1-200 pods (got 1000)']);
  });
});
