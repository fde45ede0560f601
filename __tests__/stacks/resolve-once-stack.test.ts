import { App, LocalBackend, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { ResolveOnceStack } from '../../stacks/resolve-once-stack';

class OnceStack extends ResolveOnceStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: `${id}.tfstate` });
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
  }
}

class StockStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: `${id}.tfstate` });
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
  }
}

/**
 * Builds a producer and a consumer, prepares both (as composeBootstraps does), then adds a second cross-stack reader
 * after that preparation, and synthesizes the way App.synth does (prepare again, validate, toTerraform).
 */
function build(Stack: new (scope: Construct, id: string) => TerraformStack) {
  const app = new App({ outdir: 'unused', skipValidation: true });
  const producer = new Stack(app, 'producer');
  const consumer = new Stack(app, 'consumer');
  const source = new SsmParameter(producer, 'source', { name: 'source', type: 'String', value: 'v' });
  new SsmParameter(consumer, 'reader', { name: 'reader', type: 'String', value: source.value });
  for (const stack of [producer, consumer]) stack.prepareStack();
  new SsmParameter(consumer, 'late-reader', { name: 'late', type: 'String', value: source.arn });
  for (const stack of [producer, consumer]) stack.prepareStack();
  return Object.fromEntries(
    [producer, consumer].map((stack) => {
      stack.runAllValidations();
      return [stack.node.id, stack.toTerraform() as unknown];
    }),
  );
}

describe('ResolveOnceStack', () => {
  it('synthesizes what a stock TerraformStack synthesizes, with a cross-stack reference added after a preparation', () => {
    const stock = build(StockStack);
    const late = (stock.consumer as { resource: { aws_ssm_parameter: Record<string, { value: string }> } }).resource.aws_ssm_parameter['late-reader'].value;
    expect(late).toBe('${data.terraform_remote_state.cross-stack-reference-input-producer.outputs.cross-stack-output-aws_ssm_parametersourcearn}');
    expect(build(OnceStack)).toEqual(stock);
  });

  it('skips a preparation when no construct was added since the last one, and prepares again after one was', () => {
    const app = new App({ outdir: 'unused', skipValidation: true });
    const stack = new OnceStack(app, 'stack');
    const resolves = jest.spyOn(SsmParameter.prototype, 'toTerraform');
    new SsmParameter(stack, 'one', { name: 'one', type: 'String', value: 'v' });
    stack.prepareStack();
    stack.prepareStack();
    expect(resolves).toHaveBeenCalledTimes(1);
    new SsmParameter(stack, 'two', { name: 'two', type: 'String', value: 'v' });
    stack.prepareStack();
    expect(resolves).toHaveBeenCalledTimes(3);
    resolves.mockRestore();
  });

  it('hands the synthesizer the configuration its validations computed, once, and recomputes after a change', () => {
    const app = new App({ outdir: 'unused', skipValidation: true });
    const stack = new OnceStack(app, 'stack');
    new SsmParameter(stack, 'one', { name: 'one', type: 'String', value: 'v' });
    stack.prepareStack();
    const fromValidation: unknown[] = [];
    stack.node.addValidation({ validate: () => (fromValidation.push(stack.toTerraform()), []) });
    stack.runAllValidations();
    const written = stack.toTerraform() as unknown;
    expect(written).toBe(fromValidation[0]);
    expect(stack.toTerraform()).not.toBe(written); // used once only
    stack.runAllValidations();
    new SsmParameter(stack, 'two', { name: 'two', type: 'String', value: 'v' });
    const changed = stack.toTerraform() as { resource: { aws_ssm_parameter: Record<string, unknown> } };
    expect(Object.keys(changed.resource.aws_ssm_parameter)).toEqual(['one', 'two']);
  });
});
