import { type JobV1SpecTemplate, type JobV1SpecTemplateSpecVolume } from '@cdktf/provider-kubernetes/lib/job-v1';
import { IMAGES, imageReference } from '../kubernetes/images';
import { VAULT_CA_BUNDLE, VAULT_CA_CONFIGMAP_KEY } from './vault-server-names';

/** The jobs run the AWS CLI image as this unprivileged user (the image has no user of its own). */
export const JOB_UID = 1000;
export const JOB_GID = 1000;
/** Where the init container copies the `vault` binary (a static Go binary) for the AWS CLI container to use. */
export const JOB_BIN_DIR = '/work/bin';
/** The Vault CA as trust-manager publishes it in the namespace (public). */
export const JOB_VAULT_CA_FILE = `/vault-ca/${VAULT_CA_CONFIGMAP_KEY}`;

export interface VaultJobPodProps {
  /** `app.kubernetes.io/name` of the pod (network policy `vault-jobs` selects it). */
  readonly appName: string;
  readonly serviceAccountName: string;
  /** Shell script run by `/bin/sh -c` in the AWS CLI container. */
  readonly script: string;
  /** Plain (non-secret) environment variables. */
  readonly env: Readonly<Record<string, string>>;
  /** Extra volumes and where the AWS CLI container mounts them. @default - none */
  readonly extraVolumes?: readonly { readonly volume: JobV1SpecTemplateSpecVolume; readonly mountPath: string; readonly readOnly?: boolean }[];
  /** Scratch space for /tmp (HOME). @default '64Mi' */
  readonly tmpSizeLimit?: string;
}

const restrictedContainer = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * Pod template of the Vault jobs (init, snapshots): an init container copies the pinned `vault` CLI into an emptyDir,
 * then the pinned AWS CLI image runs the script with both tools. Pod Security `restricted` (non-root, no privilege
 * escalation, every capability dropped, RuntimeDefault seccomp, read-only root file system), no Kubernetes API token
 * mounted (the EKS pod identity webhook still projects the IRSA web identity token), the Vault CA from the public
 * trust-manager ConfigMap, never a Secret.
 */
export function vaultJobPod(props: VaultJobPodProps): JobV1SpecTemplate {
  const extra = props.extraVolumes ?? [];
  const volumes: JobV1SpecTemplateSpecVolume[] = [
    { name: 'bin', emptyDir: { sizeLimit: '256Mi' } },
    { name: 'tmp', emptyDir: { sizeLimit: props.tmpSizeLimit ?? '64Mi' } },
    { name: 'vault-ca', configMap: { name: VAULT_CA_BUNDLE, defaultMode: '0444' } },
    ...extra.map((e) => e.volume),
  ];
  return {
    metadata: { labels: { 'app.kubernetes.io/name': props.appName, 'app.kubernetes.io/part-of': 'vault' } },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: String(JOB_UID),
        runAsGroup: String(JOB_GID),
        fsGroup: String(JOB_GID),
        seccompProfile: { type: 'RuntimeDefault' },
      },
      initContainer: [
        {
          name: 'vault-cli',
          image: imageReference(IMAGES.vault),
          command: ['/bin/sh', '-c', `cp /bin/vault ${JOB_BIN_DIR}/vault`],
          securityContext: restrictedContainer,
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
          volumeMount: [{ name: 'bin', mountPath: JOB_BIN_DIR }],
        },
      ],
      container: [
        {
          name: props.appName,
          image: imageReference(IMAGES.awsCli),
          command: ['/bin/sh', '-c', props.script],
          env: Object.entries({ HOME: '/tmp', PATH: `${JOB_BIN_DIR}:/usr/local/bin:/usr/bin:/bin`, VAULT_CACERT: JOB_VAULT_CA_FILE, ...props.env }).map(([name, value]) => ({ name, value })),
          securityContext: restrictedContainer,
          resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          volumeMount: [
            { name: 'bin', mountPath: JOB_BIN_DIR, readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'vault-ca', mountPath: '/vault-ca', readOnly: true },
            ...extra.map((e) => ({ name: e.volume.name ?? '', mountPath: e.mountPath, readOnly: e.readOnly ?? false })),
          ],
        },
      ],
      volume: volumes,
    },
  };
}
