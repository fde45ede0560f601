/**
 * Checks that the runbooks (docs/runbooks/*.md) cite only what the synthesized app has. Used by
 * __tests__/docs/runbooks.test.ts; the convention is described in docs/runbooks/README.md.
 *
 * Citations are backticked `kind:value` tokens:
 *
 * | kind | value | checked against |
 * | --- | --- | --- |
 * | `stack` | `<kind>-<env>` | the synthesized stacks |
 * | `output` | `<stack kind>.<output>` | the outputs of that stack kind (cross-stack outputs excluded) |
 * | `alarm` | alarm name | `alarm_name` of every `aws_cloudwatch_metric_alarm` |
 * | `vault-policy` | policy name | `vault_policy` names |
 * | `vault-role` | role name | Kubernetes, AppRole, JWT and database roles of the Vault configuration |
 * | `iam-role` | role name | `aws_iam_role` names and every `:role/<name>` the app refers to |
 * | `secret` | Secrets Manager secret name | `aws_secretsmanager_secret` names |
 * | `log-group` | CloudWatch Logs group name | `aws_cloudwatch_log_group` names |
 * | `namespace` | Kubernetes namespace | namespaces the app creates, places objects in or binds Vault roles to, and Kubernetes' own |
 * | `k8s` | `<kind>/<namespace>/<name>` | Kubernetes objects the app creates (typed resources and manifests) |
 * | `helm` | `<namespace>/<release>` | Helm releases |
 * | `npm` | script | package.json scripts |
 *
 * Placeholders: `<env>` stands for every environment and must resolve in each; any other `<name>` matches one or more
 * of `[a-z0-9-]` and must match at least once per environment it appears with.
 *
 * Commands in fenced code blocks are checked too: `npm run <script>`, `kubectl -n <namespace>` / `--namespace`,
 * `cdktf.out/stacks/<stack>` paths and the log group of `aws logs tail <group>` / `--log-group-name <group>`
 * (`$ENV` read as `<env>`; a value holding another shell variable is not checked).
 */

export const CITATION_KINDS = ['stack', 'output', 'alarm', 'vault-policy', 'vault-role', 'iam-role', 'secret', 'log-group', 'namespace', 'k8s', 'helm', 'npm'] as const;
export type CitationKind = (typeof CITATION_KINDS)[number];

/** What the synthesized app (and package.json) has, per citation kind. */
export interface AppFacts {
  readonly environments: readonly string[];
  readonly names: Readonly<Record<CitationKind, ReadonlySet<string>>>;
}

export interface RunbookDocument {
  /** Repository-relative path, for messages. */
  readonly path: string;
  readonly text: string;
}

export interface Citation {
  readonly path: string;
  readonly line: number;
  readonly kind: CitationKind;
  readonly value: string;
  /** Where it was found: a backticked citation or a command in a code block. */
  readonly source: 'citation' | 'command';
}

const CITATION = new RegExp(`\`(${CITATION_KINDS.join('|')}):([^\`\\s]+)\``, 'g');

/** Every citation and checked command of the documents. */
export function citationsOf(documents: readonly RunbookDocument[]): Citation[] {
  const found: Citation[] = [];
  for (const document of documents) {
    let inCode = false;
    document.text.split('\n').forEach((line0, i) => {
      let text = line0;
      const line = i + 1;
      if (/^\s*```/.test(text)) {
        inCode = !inCode;
        return;
      }
      for (const match of text.matchAll(CITATION)) found.push({ path: document.path, line, kind: match[1] as CitationKind, value: match[2], source: 'citation' });
      if (!inCode) return;
      // Shell variables the runbooks set up front: `$ENV` is the environment, so it checks like `<env>`.
      text = text.replace(/\$\{?ENV\}?/g, '<env>');
      for (const match of text.matchAll(/\bnpm run ([a-z][a-z0-9:-]*)/g)) found.push({ path: document.path, line, kind: 'npm', value: match[1], source: 'command' });
      for (const match of text.matchAll(/\bkubectl\b[^|;&]*?(?:\s-n\s+|\s--namespace[ =])([a-z0-9<>-]+)/g)) found.push({ path: document.path, line, kind: 'namespace', value: match[1], source: 'command' });
      for (const match of text.matchAll(/cdktf\.out\/stacks\/([a-z0-9<>-]+)/g)) found.push({ path: document.path, line, kind: 'stack', value: match[1], source: 'command' });
      for (const match of text.matchAll(/(?:\baws logs tail|--log-group-name)[ =]"?([^"\s]+)"?/g)) {
        if (!match[1].includes('$')) found.push({ path: document.path, line, kind: 'log-group', value: match[1], source: 'command' });
      }
    });
  }
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regular expression of a cited value in one environment (`<env>` replaced, other placeholders wildcards). */
export function citationPattern(value: string, environment: string): RegExp {
  const parts = value.split(/(<[a-z-]+>)/).map((part) => {
    if (part === '<env>') return escape(environment);
    if (/^<[a-z-]+>$/.test(part)) return '[a-z0-9-]+';
    return escape(part);
  });
  return new RegExp(`^${parts.join('')}$`);
}

/** Problems of the documents against the app: one line per citation that names nothing the app has. */
export function runbookProblems(documents: readonly RunbookDocument[], facts: AppFacts): string[] {
  const problems: string[] = [];
  for (const citation of citationsOf(documents)) {
    const names = [...facts.names[citation.kind]];
    const environments = citation.value.includes('<env>') ? facts.environments : [undefined];
    const missing = environments.filter((environment) => {
      const pattern = citationPattern(citation.value, environment ?? '');
      return !names.some((name) => pattern.test(name));
    });
    if (missing.length > 0) {
      const where = missing[0] === undefined ? '' : ` in ${missing.join(', ')}`;
      const what = citation.source === 'command' ? `command refers to ${citation.kind} ${citation.value}` : `\`${citation.kind}:${citation.value}\``;
      problems.push(`${citation.path}:${citation.line}: ${what}: no such ${citation.kind}${where} in the synthesized app`);
    }
  }
  return problems;
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Anchors of the headings of a Markdown document. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    const heading = !inCode && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(headingAnchor(heading[1]));
  }
  return anchors;
}

/** The part of a synthesized stack the facts are read from (stacks/state-sharing.ts `SynthesizedStack`). */
export interface SynthesizedStackJson {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: Record<string, any>;
}

/** Kubernetes kind of a typed `kubernetes_<kind>_v1` resource, as `kubectl` spells it. */
const KUBERNETES_KINDS: Readonly<Record<string, string>> = {
  kubernetes_namespace_v1: 'namespace',
  kubernetes_service_account_v1: 'serviceaccount',
  kubernetes_config_map_v1: 'configmap',
  kubernetes_network_policy_v1: 'networkpolicy',
  kubernetes_role_v1: 'role',
  kubernetes_role_binding_v1: 'rolebinding',
  kubernetes_cluster_role_v1: 'clusterrole',
  kubernetes_cluster_role_binding_v1: 'clusterrolebinding',
  kubernetes_cron_job_v1: 'cronjob',
  kubernetes_job_v1: 'job',
  kubernetes_deployment_v1: 'deployment',
  kubernetes_service_v1: 'service',
  kubernetes_storage_class_v1: 'storageclass',
  kubernetes_pod_disruption_budget_v1: 'poddisruptionbudget',
  kubernetes_resource_quota_v1: 'resourcequota',
  kubernetes_limit_range_v1: 'limitrange',
};

/** Namespaces Kubernetes creates itself. */
const KUBERNETES_OWN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** What the synthesized app has, per citation kind. */
export function appFacts(stacks: readonly SynthesizedStackJson[], environments: readonly string[], npmScripts: readonly string[]): AppFacts {
  const names = Object.fromEntries(CITATION_KINDS.map((kind) => [kind, new Set<string>()])) as Record<CitationKind, Set<string>>;
  for (const name of npmScripts) names.npm.add(name);
  for (const name of KUBERNETES_OWN_NAMESPACES) names.namespace.add(name);
  for (const { name: stackName, json } of stacks) {
    names.stack.add(stackName);
    const environment = environments.find((env) => stackName.endsWith(`-${env}`));
    const kind = environment ? stackName.slice(0, -environment.length - 1) : stackName;
    for (const output of Object.keys(json.output ?? {})) if (!output.startsWith('cross-stack-output-')) names.output.add(`${kind}.${output}`);
    const resources = (type: string) => Object.values((json.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>);
    for (const alarm of resources('aws_cloudwatch_metric_alarm')) names.alarm.add(String(alarm.alarm_name));
    for (const policy of resources('vault_policy')) names['vault-policy'].add(String(policy.name));
    for (const type of ['vault_kubernetes_auth_backend_role', 'vault_approle_auth_backend_role', 'vault_jwt_auth_backend_role']) {
      for (const role of resources(type)) names['vault-role'].add(String(role.role_name));
    }
    for (const role of resources('vault_database_secret_backend_role')) names['vault-role'].add(String(role.name));
    // Namespaces of the services Vault trusts (`vault.services[].namespace`): the app refers to them, the services create them.
    for (const role of resources('vault_kubernetes_auth_backend_role')) {
      for (const namespace of (role.bound_service_account_namespaces ?? []) as string[]) names.namespace.add(namespace);
    }
    for (const role of resources('aws_iam_role')) names['iam-role'].add(String(role.name));
    // ARNs in policies and trust documents; a prefix before a wildcard (`role/<project>-<env>-tfc-*`) names no role.
    for (const match of JSON.stringify(json).matchAll(/:role\/([\w+=,.@-]+)(\*)?/g)) if (!match[2]) names['iam-role'].add(match[1]);
    for (const secret of resources('aws_secretsmanager_secret')) names.secret.add(String(secret.name));
    for (const group of resources('aws_cloudwatch_log_group')) names['log-group'].add(String(group.name));
    for (const release of resources('helm_release')) names.helm.add(`${String(release.namespace)}/${String(release.name)}`);
    for (const [type, kubernetesKind] of Object.entries(KUBERNETES_KINDS)) {
      for (const resource of resources(type)) {
        const metadata = resource.metadata as { name?: string; namespace?: string } | undefined;
        if (!metadata?.name) continue;
        if (type === 'kubernetes_namespace_v1') names.namespace.add(metadata.name);
        if (metadata.namespace) names.namespace.add(metadata.namespace);
        names.k8s.add(metadata.namespace ? `${kubernetesKind}/${metadata.namespace}/${metadata.name}` : `${kubernetesKind}/${metadata.name}`);
      }
    }
    for (const manifest of resources('kubernetes_manifest')) {
      const object = manifest.manifest as { kind?: string; metadata?: { name?: string; namespace?: string } } | undefined;
      if (!object?.kind || !object.metadata?.name) continue;
      const scope = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
      names.k8s.add(`${object.kind.toLowerCase()}/${scope}${object.metadata.name}`);
    }
    for (const namespace of Object.values((json.data?.kubernetes_namespace_v1 ?? {}) as Record<string, { metadata?: { name?: string } }>)) {
      if (namespace.metadata?.name) names.namespace.add(namespace.metadata.name);
    }
  }
  return { environments, names };
}
