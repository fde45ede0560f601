/** A container image pinned by tag (for people) and digest (what the node pulls: a moved tag cannot change it). */
export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
  /**
   * `sha256:<64 hex>` of the multi-architecture index. Absent only where it could not be learned without registry
   * access; then `source` says so and how to read it, and __tests__/constructs/kubernetes/images.test.ts lists the
   * image, so the gap stays visible until someone fills it in.
   */
  readonly digest?: string;
  /** Where the tag comes from and how the digest was learned. */
  readonly source: string;
}

/**
 * Container images this project runs itself (outside Helm chart defaults), pinned exactly. Before bumping one, read
 * the new digest from the registry (`crane digest <repository>:<tag>` or `docker buildx imagetools inspect`) and
 * update tag and digest together.
 */
export const IMAGES = {
  /** Vault servers (through the chart), the ops sidecar and the vault CLI of the init and snapshot jobs. */
  vault: {
    repository: 'hashicorp/vault',
    tag: '2.0.4',
    digest: 'sha256:5be49781ecf78bfe775c5309c6a4d9f4e9e040b6c885c99eb2b12fb69855e1a2',
    source: 'tag = appVersion of CHARTS.vault (hashicorp/vault-helm@v0.34.1 Chart.yaml); digest of the multi-arch index as published for hashicorp/vault:2.0.4',
  },
  /** AWS CLI v2 of the init job (KMS Encrypt, Secrets Manager) and the snapshot job (S3 upload). */
  awsCli: {
    repository: 'public.ecr.aws/aws-cli/aws-cli',
    tag: '2.36.15',
    digest: 'sha256:310813a7eae8fd88da1cc9c37970e3500b0ff3984479e1012f0a6fd44e453f63',
    source: 'AWS CLI v2 release image on ECR Public; digest of the multi-arch index as published for 2.36.15',
  },
  /**
   * CloudWatch agent of the Prometheus scraper (observability-<env>): the version the pinned
   * amazon-cloudwatch-observability add-on (v4.8.0-eksbuild.1) runs itself, so the nodes already pull and run it.
   */
  cloudwatchAgent: {
    repository: 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent',
    tag: '1.300063.0b1323',
    source:
      'tag = agent.image.tag of aws-observability/helm-charts amazon-cloudwatch-observability-4.8.0 values.yaml; the digest of its multi-arch index was not learnable without registry access: ' +
      'run `crane digest public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300063.0b1323` and add it before the first apply',
  },
} as const satisfies Record<string, PinnedImage>;

/** `repository:tag@digest`, or `repository:tag` for an image whose digest is not known yet (see {@link PinnedImage.digest}). */
export function imageReference(image: PinnedImage): string {
  return image.digest ? `${image.repository}:${image.tag}@${image.digest}` : `${image.repository}:${image.tag}`;
}
