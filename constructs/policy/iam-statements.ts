import { type ElementView } from './rule';
import { blocks, isExpression, isRecord, stringList } from './terraform-values';

/** An IAM policy statement, normalized from a JSON document or an `aws_iam_policy_document` block. */
export interface IamStatement {
  /** Where the statement is, for messages: `statement "Sid"` or `statement 2`, prefixed by the document of a role. */
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `<type>:<identifier>`, e.g. `AWS:arn:aws:iam::111111111111:root`, `Service:ec2.amazonaws.com`, `*` for anyone. */
  readonly principals: readonly string[];
  /** Conditions: operator -> condition key -> values, e.g. `StringEquals` -> `app.terraform.io:sub` -> [...]. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * Elements carrying IAM policy documents: identity policies (and the data source that renders them), role trust
 * policies (`aws_iam_role.assume_role_policy`) and the resource policies of KMS keys, SNS topics and S3 buckets.
 */
export const IAM_POLICY_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_iam_role',
  'data.aws_iam_policy_document',
  'aws_kms_key',
  'aws_kms_key_policy',
  'aws_sns_topic_policy',
  'aws_s3_bucket_policy',
] as const;

/** Key policies, where the account-root statement may hold `kms:*` (see `isAccountRootKeyAdministration`). */
export const KEY_POLICY_TYPES: readonly string[] = ['aws_kms_key', 'aws_kms_key_policy'];

/**
 * The statements of every policy document of an element, or `undefined` when a document is computed at plan time (a
 * reference to a policy-document data source, which the rules check on its own).
 */
export function iamStatements(element: ElementView): IamStatement[] | undefined {
  if (element.address.startsWith('data.aws_iam_policy_document.')) {
    return blocks(element.config.statement).map((s, i) => ({
      label: labelOf(s.sid, i),
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: stringList(s.actions),
      notActions: stringList(s.not_actions),
      resources: stringList(s.resources),
      notResources: stringList(s.not_resources),
      principals: blocks(s.principals).flatMap((p) => stringList(p.identifiers).map((id) => (id === '*' && p.type === '*' ? '*' : `${String(p.type)}:${id}`))),
      conditions: blocks(s.condition).reduce<Record<string, Record<string, string[]>>>((all, c) => {
        const test = String(c.test);
        all[test] = { ...(all[test] ?? {}), [String(c.variable)]: stringList(c.values) };
        return all;
      }, {}),
    }));
  }
  const documents: [string, unknown][] =
    element.type === 'aws_iam_role'
      ? [
          ['assume_role_policy ', element.config.assume_role_policy],
          ...blocks(element.config.inline_policy).map((p, i): [string, unknown] => [`inline_policy[${i}] `, p.policy]),
        ]
      : [['', element.config.policy]];
  const statements: IamStatement[] = [];
  for (const [prefix, document] of documents) {
    const parsed = parseDocument(document, prefix);
    if (parsed === undefined) return undefined;
    statements.push(...parsed);
  }
  return statements;
}

function labelOf(sid: unknown, index: number, prefix = ''): string {
  return `${prefix}${typeof sid === 'string' && sid !== '' ? `statement "${sid}"` : `statement ${index + 1}`}`;
}

function parseDocument(document: unknown, prefix: string): IamStatement[] | undefined {
  if (typeof document !== 'string') return [];
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    return isExpression(document) ? undefined : [];
  }
  const raw = (json as { Statement?: unknown }).Statement;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(isRecord);
  return list.map((s, i) => ({
    label: labelOf(s.Sid, i, prefix),
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: stringList(s.Action),
    notActions: stringList(s.NotAction),
    resources: stringList(s.Resource),
    notResources: stringList(s.NotResource),
    principals: principalList(s.Principal),
    conditions: conditionMap(s.Condition),
  }));
}

function conditionMap(condition: unknown): Record<string, Record<string, string[]>> {
  if (!isRecord(condition)) return {};
  return Object.fromEntries(
    Object.entries(condition)
      .filter(([, keys]) => isRecord(keys))
      .map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys as Record<string, unknown>).map(([key, values]) => [key, stringList(values)]))]),
  );
}

/** `"*"` or `{ "AWS": [...], "Service": "..." }` as `<type>:<identifier>` strings. */
function principalList(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!isRecord(principal)) return [];
  return Object.entries(principal).flatMap(([type, ids]) => stringList(ids).map((id) => `${type}:${id}`));
}

/** An account's root principal: `arn:<partition>:iam::<account>:root` (parts may be expressions) or a bare account ID. */
const ACCOUNT_ROOT = /^AWS:(?:arn:[^:]+:iam::[^:]+:root|\d{12})$/;

/**
 * The key-policy statement that gives the account (its root principal) `kms:*`, as constructs/security/kms-key.ts
 * writes it: it delegates access to IAM policies of the account and keeps the key manageable. Only this form may
 * hold a wildcard action, and only in a key policy.
 */
export function isAccountRootKeyAdministration(element: ElementView, statement: IamStatement): boolean {
  return (
    KEY_POLICY_TYPES.includes(element.type) &&
    statement.principals.length > 0 &&
    statement.principals.every((p) => ACCOUNT_ROOT.test(p)) &&
    statement.actions.every((a) => a === 'kms:*' || !isWildcardAction(a))
  );
}

/** `*`, or every action of a service (`s3:*`, `iam:*`). */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[^:]+:\*+$/.test(action);
}
