import { TerraformOutput } from 'cdktf';
import { AwsContext } from '../../constructs/aws-context';
import { synthStack, testStack } from '../helpers';

describe('AwsContext', () => {
  it('is created once per stack and builds ARNs and service principals from its data sources', () => {
    const stack = testStack();
    const context = AwsContext.of(stack);
    expect(AwsContext.of(stack)).toBe(context);
    const values = {
      regional: context.arn('logs', 'log-group:*'),
      global: context.arn('iam', 'role/x', ''),
      root: context.accountRootArn,
      principal: context.regionalServicePrincipal('logs'),
    };
    for (const [id, value] of Object.entries(values)) new TerraformOutput(stack, id, { value });
    const output = synthStack(stack).output;
    expect(output.regional.value).toBe(
      'arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:logs:${data.aws_region.aws-context_region_DEC3537F.region}:${data.aws_caller_identity.aws-context_caller_91636884.account_id}:log-group:*',
    );
    expect(output.global.value).toMatch(/^arn:\$\{.+\}:iam::\$\{.+account_id\}:role\/x$/);
    expect(output.root.value).toMatch(/^arn:\$\{.+\}:iam::\$\{.+account_id\}:root$/);
    expect(output.principal.value).toMatch(/^logs\.\$\{.+\.region\}\.\$\{.+\.dns_suffix\}$/);
  });
});
