import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { TerraformStack } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';

const ID = 'aws-context';

/**
 * Account, partition and region of the stack's AWS provider, read once per stack from data sources (no
 * credentials are needed at synth; the values resolve at plan time). Use {@link AwsContext.of}.
 */
export class AwsContext extends Construct {
  /** The stack's shared context, created on first use. */
  static of(scope: IConstruct): AwsContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsContext | undefined) ?? new AwsContext(stack, ID);
  }

  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** `amazonaws.com` in the commercial partition. */
  readonly dnsSuffix: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const identity = new DataAwsCallerIdentity(this, 'caller');
    const partition = new DataAwsPartition(this, 'partition');
    const region = new DataAwsRegion(this, 'region');
    this.accountId = identity.accountId;
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.region = region.region;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `''` for global services' region. */
  arn(service: string, resource: string, region: string = this.region): string {
    return `arn:${this.partition}:${service}:${region}:${this.accountId}:${resource}`;
  }

  /** The account root principal ARN (delegates to IAM policies of the account). */
  get accountRootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }

  /** Regional service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
  regionalServicePrincipal(service: string): string {
    return `${service}.${this.region}.${this.dnsSuffix}`;
  }
}
