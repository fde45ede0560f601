import { App, Fn, Lazy, TerraformOutput, TerraformStack, Token, Tokenization } from 'cdktf';
import { LocalBackend } from 'cdktf';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { validateEnvironments } from '../../environments/schema';
import { composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { disablePlainValueResolve, enablePlainValueResolve, resolvePlainValues } from '../../stacks/plain-value-resolve';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { sampleInput } from '../helpers';

/** Runs `fn` with cdktf's own resolver only, then restores the fast path the test setup enables. */
function withStockResolve<T>(fn: () => T): T {
  disablePlainValueResolve();
  try {
    return fn();
  } finally {
    enablePlainValueResolve();
  }
}

/** A stack holding tokens of every kind in every position the fast path must hand to cdktf. */
function tokenStack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new LocalBackend(stack, { path: `${id}.tfstate` });
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const source = new SsmParameter(stack, 'source', { name: 'source', type: 'String', value: 'v' });
  const list = Token.asList(Fn.split(',', source.value));
  new SsmParameter(stack, 'derived', {
    name: `prefix-${source.name}-suffix`, // string token inside a literal
    type: 'String',
    value: Fn.join(',', list), // function call over a list token
    description: `port ${Token.asNumber(Fn.lengthOf(list))} and 1e5 literal`, // encoded number inside a string, and a false match
    tags: {
      plain: 'value',
      [`key-${source.name}`]: 'token in a key',
      lazy: Lazy.stringValue({ produce: () => 'produced later' }),
      numberish: '2026-01-01e3',
    },
    tier: undefined,
  });
  new SsmParameter(stack, 'lists', {
    name: 'lists',
    type: 'StringList',
    value: Fn.join(',', Token.asList(source.name)), // a list token: an array whose element is a list-token string
    allowedPattern: String(Token.asNumber(source.version)), // number token
  });
  new TerraformOutput(stack, 'out', { value: { nested: [source.arn, 'plain', 1, true], empty: [], map: { a: Token.asString(source.value) } } });
  return stack;
}

describe('resolvePlainValues', () => {
  it('copies plain values the way cdktf does: drops undefined from objects and arrays, keeps null, false, 0 and dates', () => {
    const date = new Date(0);
    const stock = jest.fn((part: unknown) => part);
    const value = { a: undefined, b: null, c: false, d: 0, e: '', f: [1, undefined, 'x', null], g: { h: undefined }, date };
    expect(resolvePlainValues(value, stock)).toEqual({ b: null, c: false, d: 0, e: '', f: [1, 'x', null], g: {}, date });
    expect(stock).toHaveBeenCalledTimes(1); // the Date: not a plain object, cdktf decides
    expect(stock).toHaveBeenCalledWith(date);
  });

  it('hands every part that may hold a token to cdktf, whole', () => {
    const seen: unknown[] = [];
    const stock = (part: unknown) => {
      seen.push(part);
      return 'RESOLVED';
    };
    const token = Lazy.stringValue({ produce: () => 'x' });
    const listToken = Token.asList(token);
    const numberToken = Token.asNumber(token);
    const result = resolvePlainValues(
      {
        s: `a-${token}`,
        n: numberToken,
        inString: `port-${numberToken}`,
        obj: token,
        list: ['plain', ...listToken],
        numbers: [1, numberToken],
        keyed: { [`k-${token}`]: 1 },
        mapPlaceholder: Token.STRING_MAP_TOKEN_VALUE,
        plain: { deep: ['kept'] },
      },
      stock,
    );
    expect(result).toEqual({
      s: 'RESOLVED',
      n: 'RESOLVED',
      inString: 'RESOLVED',
      obj: 'RESOLVED',
      list: 'RESOLVED',
      numbers: 'RESOLVED',
      keyed: 'RESOLVED',
      mapPlaceholder: 'RESOLVED',
      plain: { deep: ['kept'] },
    });
    expect(seen).toHaveLength(8);
  });
});

describe('the fast path in front of Tokenization.resolve', () => {
  it('is installed by the test setup, as synth installs it', () => {
    const stock = withStockResolve(() => Tokenization.resolve);
    expect(Tokenization.resolve).not.toBe(stock);
    expect(Tokenization.resolve.name).not.toBe(stock.name);
  });

  it('synthesizes tokens of every kind exactly as cdktf alone does, cross-stack references included', () => {
    const synth = () => {
      const app = new App({ outdir: 'unused', skipValidation: true });
      const producer = tokenStack(app, 'producer');
      const consumer = new TerraformStack(app, 'consumer');
      new LocalBackend(consumer, { path: 'consumer.tfstate' });
      new AwsProvider(consumer, 'aws', { region: 'eu-west-1' });
      const source = producer.node.findChild('source') as SsmParameter;
      new SsmParameter(consumer, 'reader', { name: source.name, type: 'String', value: source.value });
      for (const stack of [producer, consumer]) stack.prepareStack();
      return [producer.toTerraform(), consumer.toTerraform()] as unknown[];
    };
    const stock = withStockResolve(synth);
    const fast = synth();
    expect(JSON.stringify(stock)).toContain('data.terraform_remote_state.cross-stack-reference-input-producer.outputs');
    expect(fast).toEqual(stock);
  });

  it('synthesizes every stack of an environment exactly as cdktf alone does', () => {
    const synth = () => {
      const app = new App({ outdir: 'unused', skipValidation: true });
      composeApp(app, validateEnvironments([sampleInput('dev')], STACK_KINDS), DEFAULT_DEPLOYMENT);
      const stacks = app.node.findAll().filter(TerraformStack.isStack);
      for (const stack of stacks) stack.prepareStack();
      return Object.fromEntries(stacks.map((stack) => [stack.node.id, JSON.stringify(stack.toTerraform())]));
    };
    const stock = withStockResolve(synth);
    const fast = synth();
    expect(Object.keys(fast).length).toBeGreaterThan(10);
    for (const [stack, json] of Object.entries(stock)) expect([stack, fast[stack]]).toEqual([stack, json]);
  });
});
