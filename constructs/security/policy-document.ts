/**
 * Typed IAM / resource policy documents rendered to JSON at synth. Terraform tokens inside strings (ARNs of other
 * resources) survive `JSON.stringify` and resolve at plan time.
 */

export type ConditionOperator =
  | 'StringEquals'
  | 'StringLike'
  | 'StringNotEquals'
  | 'StringNotEqualsIfExists'
  | 'ArnLike'
  | 'ArnEquals'
  | 'Bool'
  | 'IpAddress'
  | 'NumericLessThanEquals';

export type PolicyConditions = Partial<Record<ConditionOperator, Record<string, string | readonly string[]>>>;

export type PolicyPrincipal =
  | { readonly AWS: string | readonly string[] }
  | { readonly Service: string | readonly string[] }
  | { readonly Federated: string };

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  /** Every resource except these; only in Deny statements of this project (a boundary's exceptions). */
  readonly NotResource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting one AWS service assume a role, scoped to the calling account and source ARN pattern. */
export function serviceTrustPolicy(service: string, sourceAccount: string, sourceArnPattern: string): string {
  return policyDocument([
    {
      Sid: 'AssumedByServiceForThisAccountOnly',
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': sourceAccount },
        ArnLike: { 'aws:SourceArn': sourceArnPattern },
      },
    },
  ]);
}
