import { type ElementView } from './rule';
import { blocks, isExpression, stringList } from './terraform-values';

/** An IAM policy statement, normalized from a JSON document or an `aws_iam_policy_document` block. */
export interface IamStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
}

/** Resource types carrying identity policies, and the data source that renders them. */
export const IAM_POLICY_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_iam_role',
  'data.aws_iam_policy_document',
] as const;

/**
 * The identity-policy statements of an element, or `undefined` when a document is computed at plan time (a
 * reference to a policy-document data source, which the rules check on its own).
 */
export function iamStatements(element: ElementView): IamStatement[] | undefined {
  if (element.address.startsWith('data.aws_iam_policy_document.')) {
    return blocks(element.config.statement).map((s) => ({
      sid: typeof s.sid === 'string' ? s.sid : undefined,
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: stringList(s.actions),
      notActions: stringList(s.not_actions),
      resources: stringList(s.resources),
    }));
  }
  const documents =
    element.type === 'aws_iam_role' ? blocks(element.config.inline_policy).map((p) => p.policy) : [element.config.policy];
  const statements: IamStatement[] = [];
  for (const document of documents) {
    const parsed = parseDocument(document);
    if (parsed === undefined) return undefined;
    statements.push(...parsed);
  }
  return statements;
}

function parseDocument(document: unknown): IamStatement[] | undefined {
  if (typeof document !== 'string') return [];
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    return isExpression(document) ? undefined : [];
  }
  const raw = (json as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.map((s: Record<string, unknown>) => ({
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: stringList(s.Action),
    notActions: stringList(s.NotAction),
    resources: stringList(s.Resource),
  }));
}

export function statementLabel(statement: IamStatement, index: number): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement ${index + 1}`;
}
