import { Mount } from '@cdktf/provider-vault/lib/mount';
import { PkiSecretBackendConfigUrls } from '@cdktf/provider-vault/lib/pki-secret-backend-config-urls';
import { PkiSecretBackendCrlConfig } from '@cdktf/provider-vault/lib/pki-secret-backend-crl-config';
import { PkiSecretBackendIntermediateCertRequest } from '@cdktf/provider-vault/lib/pki-secret-backend-intermediate-cert-request';
import { PkiSecretBackendIntermediateSetSigned } from '@cdktf/provider-vault/lib/pki-secret-backend-intermediate-set-signed';
import { PkiSecretBackendRootCert } from '@cdktf/provider-vault/lib/pki-secret-backend-root-cert';
import { PkiSecretBackendRootSignIntermediate } from '@cdktf/provider-vault/lib/pki-secret-backend-root-sign-intermediate';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { baseDomainProblems, isAtOrBelow } from './certificate-names';
import { MOUNT_PATH } from './kv-secrets-engine';
import { reservedMountPathProblem } from './reserved-paths';

export interface PkiHierarchyProps {
  /** Private Vault address used in issuing and CRL URLs, e.g. `https://vault.dev.vaultplat.internal:8200`. */
  readonly vaultAddress: string;
  /** Prefix of the CA common names, e.g. `vaultplat dev`. */
  readonly commonNamePrefix: string;
  /** Organization (O) of both CAs. */
  readonly organization: string;
  /**
   * Base domains service certificates are issued under: a service `<svc>` may only get `<svc>.<base>` and names
   * below it (see {@link PkiRole}). Lower-case DNS names, none inside another.
   */
  readonly allowedBaseDomains: readonly string[];
  /**
   * Names no service may ever get a certificate for; none may lie inside a base domain.
   * @default - the host of `vaultAddress` (the Vault server's own name) when it is known at synth
   */
  readonly reservedNames?: readonly string[];
  /** @default 'pki-root' */
  readonly rootPath?: string;
  /** @default 'pki-int' */
  readonly intermediatePath?: string;
  /** Root CA lifetime. @default 3650 */
  readonly rootTtlDays?: number;
  /** Intermediate CA lifetime, shorter than the root's. @default 1095 */
  readonly intermediateTtlDays?: number;
}

const DAY_SECONDS = 86_400;

/**
 * A two-tier internal PKI: a root CA whose key is generated inside Vault (`internal`, never exported) and that only
 * signs the intermediate (no issue roles on the root mount), and an intermediate CA (also `internal`) that issues
 * service certificates through {@link PkiRole}, only under the configured base domains and never for a reserved name
 * (the Vault server's own). Both publish issuing and CRL URLs on the private Vault name.
 */
export class PkiHierarchy extends Construct {
  readonly rootPath: string;
  readonly intermediatePath: string;
  readonly rootMount: Mount;
  readonly intermediateMount: Mount;
  readonly rootCertificate: PkiSecretBackendRootCert;
  readonly intermediateSigned: PkiSecretBackendIntermediateSetSigned;
  /** Maximum lifetime of anything the intermediate issues, in seconds. */
  readonly intermediateTtlSeconds: number;
  /** Base domains service certificates are issued under. */
  readonly allowedBaseDomains: readonly string[];
  /** Names never issued to a service (the Vault server's own name). */
  readonly reservedNames: readonly string[];

  constructor(scope: Construct, id: string, props: PkiHierarchyProps) {
    super(scope, id);
    const rootPath = props.rootPath ?? 'pki-root';
    const intermediatePath = props.intermediatePath ?? 'pki-int';
    const rootTtlDays = props.rootTtlDays ?? 3650;
    const intermediateTtlDays = props.intermediateTtlDays ?? 1095;
    const problems: string[] = [];
    for (const [field, value] of [['rootPath', rootPath], ['intermediatePath', intermediatePath]] as const) {
      if (!MOUNT_PATH.test(value)) problems.push(`${field}: expected 2-64 lower-case letters, digits or '-', got "${value}"`);
      const reserved = reservedMountPathProblem(value, 'secrets');
      if (reserved) problems.push(`${field}: ${reserved}`);
    }
    if (rootPath === intermediatePath) problems.push(`intermediatePath: must differ from rootPath "${rootPath}"`);
    if (!Token.isUnresolved(props.vaultAddress) && !/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(props.vaultAddress)) {
      problems.push(`vaultAddress: expected https://<private name>[:port], got "${props.vaultAddress}"`);
    }
    if (!Number.isInteger(rootTtlDays) || rootTtlDays < 365 || rootTtlDays > 7300) problems.push(`rootTtlDays: expected 365-7300, got ${rootTtlDays}`);
    if (!Number.isInteger(intermediateTtlDays) || intermediateTtlDays < 180 || intermediateTtlDays >= rootTtlDays) {
      problems.push(`intermediateTtlDays: expected 180 days up to less than rootTtlDays (${rootTtlDays}), got ${intermediateTtlDays}`);
    }
    for (const p of baseDomainProblems(props.allowedBaseDomains)) {
      problems.push(p.index === undefined ? `allowedBaseDomains: ${p.message}` : `allowedBaseDomains[${p.index}]: ${p.message} (got "${props.allowedBaseDomains[p.index]}")`);
    }
    const vaultHost = Token.isUnresolved(props.vaultAddress) ? undefined : /^https:\/\/([a-z0-9.-]+)(:\d+)?$/.exec(props.vaultAddress)?.[1];
    const reservedNames = props.reservedNames ?? (vaultHost ? [vaultHost] : []);
    props.allowedBaseDomains.forEach((base, i) => {
      for (const name of reservedNames.filter((n) => isAtOrBelow(n, base))) {
        problems.push(`allowedBaseDomains[${i}]: contains ${name}, a name never issued to a service (the Vault server's own name); choose a base domain that does not (got "${base}")`);
      }
    });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.allowedBaseDomains = [...props.allowedBaseDomains];
    this.reservedNames = reservedNames;
    this.rootPath = rootPath;
    this.intermediatePath = intermediatePath;
    this.intermediateTtlSeconds = intermediateTtlDays * DAY_SECONDS;

    this.rootMount = new Mount(this, 'root-mount', {
      path: rootPath,
      type: 'pki',
      description: 'Root CA: signs the intermediate only',
      maxLeaseTtlSeconds: rootTtlDays * DAY_SECONDS,
    });
    this.rootCertificate = new PkiSecretBackendRootCert(this, 'root-certificate', {
      backend: this.rootMount.path,
      type: 'internal',
      commonName: `${props.commonNamePrefix} Root CA`,
      organization: props.organization,
      ttl: `${rootTtlDays * 24}h`,
      keyType: 'ec',
      keyBits: 384,
      issuerName: 'root',
      maxPathLength: 1,
    });

    this.intermediateMount = new Mount(this, 'intermediate-mount', {
      path: intermediatePath,
      type: 'pki',
      description: 'Intermediate CA: issues service certificates',
      maxLeaseTtlSeconds: this.intermediateTtlSeconds,
    });
    const request = new PkiSecretBackendIntermediateCertRequest(this, 'intermediate-request', {
      backend: this.intermediateMount.path,
      type: 'internal',
      commonName: `${props.commonNamePrefix} Intermediate CA`,
      organization: props.organization,
      keyType: 'ec',
      keyBits: 384,
    });
    const signed = new PkiSecretBackendRootSignIntermediate(this, 'intermediate-signature', {
      backend: this.rootMount.path,
      issuerRef: this.rootCertificate.issuerId,
      csr: request.csr,
      commonName: `${props.commonNamePrefix} Intermediate CA`,
      organization: props.organization,
      ttl: `${intermediateTtlDays * 24}h`,
      maxPathLength: 0,
    });
    this.intermediateSigned = new PkiSecretBackendIntermediateSetSigned(this, 'intermediate-certificate', {
      backend: this.intermediateMount.path,
      certificate: signed.certificate,
    });

    for (const [key, mount] of [['root', this.rootMount], ['intermediate', this.intermediateMount]] as const) {
      new PkiSecretBackendConfigUrls(this, `${key}-urls`, {
        backend: mount.path,
        issuingCertificates: [`${props.vaultAddress}/v1/${mount.path}/ca`],
        crlDistributionPoints: [`${props.vaultAddress}/v1/${mount.path}/crl`],
      });
    }
    new PkiSecretBackendCrlConfig(this, 'intermediate-crl', {
      backend: this.intermediateMount.path,
      expiry: '72h',
      autoRebuild: true,
      disable: false,
    });
  }
}
