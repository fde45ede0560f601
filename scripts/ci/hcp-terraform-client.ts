/**
 * The few HCP Terraform API calls CI needs, with `fetch` (Node >= 20). Endpoints and attribute names: HCP Terraform
 * API v2 as the official Go client uses it (hashicorp/go-tfe v1.99.0: workspace.go `organizations/%s/workspaces/%s`,
 * configuration_version.go `workspaces/%s/configuration-versions` with `auto-queue-runs`, `speculative`,
 * `upload-url`, `status`, and a foreign PUT of the archive as application/octet-stream without authorization;
 * run.go `POST runs` with `plan-only`, `message` and the workspace / configuration-version relationships, the run
 * statuses; plan.go `plans/%s` with `resource-additions`, `resource-changes`, `resource-destructions`,
 * `resource-imports`, `has-changes`).
 */

export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

export interface HcpTerraformClientOptions {
  readonly token: string;
  /** @default 'https://app.terraform.io' */
  readonly address?: string;
  /** @default global fetch */
  readonly fetch?: FetchLike;
  /** @default 5000 ms */
  readonly pollIntervalMs?: number;
  /** Waits longer than this fail. @default 45 minutes */
  readonly timeoutMs?: number;
  /** @default real time */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** Run statuses after which the plan is known (or will never be). */
export const PLAN_DONE_STATUSES: readonly string[] = [
  'planned',
  'planned_and_finished',
  'planned_and_saved',
  'cost_estimated',
  'policy_checked',
  'policy_override',
  'policy_soft_failed',
  'post_plan_completed',
  'post_plan_awaiting_decision',
  'confirmed',
  'apply_queued',
  'applying',
  'applied',
  'errored',
  'canceled',
  'discarded',
  'force_canceled',
];
export const RUN_FAILED_STATUSES: readonly string[] = ['errored', 'canceled', 'discarded', 'force_canceled'];

export interface PlanResult {
  readonly runId: string;
  readonly status: string;
  readonly additions?: number;
  readonly changes?: number;
  readonly destructions?: number;
  readonly imports?: number;
  readonly hasChanges?: boolean;
}

interface JsonApi<A = Record<string, unknown>> {
  data: { id: string; attributes: A; relationships?: Record<string, { data?: { id: string } }> };
}

export class HcpTerraformApiError extends Error {
  constructor(
    message: string,
    /** HTTP status of a failed API call. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export class HcpTerraformClient {
  readonly address: string;
  private readonly token: string;
  private readonly fetch: FetchLike;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: HcpTerraformClientOptions) {
    if (!options.token) throw new HcpTerraformApiError('no HCP Terraform token: set TFE_TOKEN in the step that runs this script');
    this.token = options.token;
    this.address = (options.address ?? 'https://app.terraform.io').replace(/\/+$/, '');
    this.fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 45 * 60 * 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Link to a run in the HCP Terraform UI. */
  runUrl(organization: string, workspace: string, runId: string): string {
    return `${this.address}/app/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(workspace)}/runs/${runId}`;
  }

  async workspaceId(organization: string, workspace: string): Promise<string> {
    const body = await this.request<JsonApi>('GET', `/organizations/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(workspace)}`);
    return body.data.id;
  }

  /** Creates a configuration version, uploads the archive and waits until HCP Terraform has processed it. */
  async uploadConfiguration(workspaceId: string, archive: Buffer, options: { speculative: boolean }): Promise<string> {
    const created = await this.request<JsonApi<{ 'upload-url': string }>>('POST', `/workspaces/${workspaceId}/configuration-versions`, {
      data: { type: 'configuration-versions', attributes: { 'auto-queue-runs': false, speculative: options.speculative } },
    });
    const upload = await this.fetch(created.data.attributes['upload-url'], { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: archive });
    if (!upload.ok) throw new HcpTerraformApiError(`uploading the configuration failed: HTTP ${upload.status}`);
    const id = created.data.id;
    await this.poll(`configuration version ${id}`, async () => {
      const cv = await this.request<JsonApi<{ status: string; 'error-message'?: string }>>('GET', `/configuration-versions/${id}`);
      if (cv.data.attributes.status === 'errored') throw new HcpTerraformApiError(`configuration version ${id} errored: ${cv.data.attributes['error-message'] ?? 'no message'}`);
      return cv.data.attributes.status === 'uploaded' ? true : undefined;
    });
    return id;
  }

  async createRun(workspaceId: string, configurationVersionId: string, options: { planOnly: boolean; message: string }): Promise<string> {
    const run = await this.request<JsonApi>('POST', '/runs', {
      data: {
        type: 'runs',
        attributes: { 'plan-only': options.planOnly, message: options.message },
        relationships: {
          workspace: { data: { type: 'workspaces', id: workspaceId } },
          'configuration-version': { data: { type: 'configuration-versions', id: configurationVersionId } },
        },
      },
    });
    return run.data.id;
  }

  /** Waits until the run's plan is done and returns its counts (absent when the plan never finished). */
  async waitForPlan(runId: string): Promise<PlanResult> {
    const run = await this.poll(`run ${runId}`, async () => {
      const body = await this.request<JsonApi<{ status: string }>>('GET', `/runs/${runId}`);
      return PLAN_DONE_STATUSES.includes(body.data.attributes.status) ? body : undefined;
    });
    const status = run.data.attributes.status;
    const planId = run.data.relationships?.plan?.data?.id;
    if (!planId) return { runId, status };
    const plan = await this.request<JsonApi<Record<string, unknown>>>('GET', `/plans/${planId}`);
    const a = plan.data.attributes;
    if (a.status !== 'finished') return { runId, status };
    return {
      runId,
      status,
      additions: Number(a['resource-additions'] ?? 0),
      changes: Number(a['resource-changes'] ?? 0),
      destructions: Number(a['resource-destructions'] ?? 0),
      imports: Number(a['resource-imports'] ?? 0),
      hasChanges: Boolean(a['has-changes']),
    };
  }

  private async poll<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = this.now() + this.timeoutMs;
    for (;;) {
      const result = await check();
      if (result !== undefined) return result;
      if (this.now() >= deadline) throw new HcpTerraformApiError(`timed out after ${Math.round(this.timeoutMs / 1000)} s waiting for ${what}`);
      await this.sleep(this.pollIntervalMs);
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(`${this.address}/api/v2${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/vnd.api+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new HcpTerraformApiError(`${method} ${path}: HTTP ${response.status}${text ? ` ${text.slice(0, 300)}` : ''}`, response.status);
    }
    return (await response.json()) as T;
  }
}
