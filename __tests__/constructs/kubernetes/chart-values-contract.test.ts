import { type ChartValuesContract, contractProblems, valuePaths, valuePathsOutsideContract } from '../../../constructs/kubernetes/chart-values-contract';

const CONTRACT: ChartValuesContract = {
  source: 'example/chart@v1.2.3:charts/example/values.yaml',
  keys: ['replicaCount', 'image.repository', 'image.tag', 'resources.*', 'serviceAccount.annotations.*', 'tolerations', 'podDisruptionBudget.*'],
};

describe('valuePathsOutsideContract', () => {
  it('accepts values whose every key path is in the contract', () => {
    const values = { replicaCount: 2, image: { repository: 'r', tag: 't' }, tolerations: [{ key: 'k' }] };
    expect(valuePathsOutsideContract(values, CONTRACT)).toEqual([]);
  });

  it('reports a misspelt key with its full path', () => {
    expect(valuePathsOutsideContract({ replicas: 2, image: { repository: 'r', tga: 't' } }, CONTRACT)).toEqual(['image.tga', 'replicas']);
  });

  it('accepts anything below a free-form subtree, and the subtree itself when empty', () => {
    const values = { resources: { requests: { cpu: '1' }, anything: { deeper: true } }, serviceAccount: { annotations: { 'a/b': 'c' } }, podDisruptionBudget: {} };
    expect(valuePathsOutsideContract(values, CONTRACT)).toEqual([]);
  });

  it('does not let a free-form subtree cover its siblings or its parent', () => {
    expect(valuePathsOutsideContract({ serviceAccount: { name: 'x', annotations: { a: 'b' } } }, CONTRACT)).toEqual(['serviceAccount.name']);
  });

  it('treats lists and empty objects as leaves that must be listed', () => {
    expect(valuePathsOutsideContract({ tolerations: [], extraArgs: ['--x'], image: {} }, CONTRACT)).toEqual(['extraArgs', 'image']);
  });
});

describe('valuePaths', () => {
  it('lists the leaves and free-form roots our values set', () => {
    expect(valuePaths({ replicaCount: 1, resources: { limits: { memory: '1Gi' } }, image: { tag: 't' } }, CONTRACT)).toEqual(['image.tag', 'replicaCount', 'resources.*']);
  });
});

describe('contractProblems', () => {
  it('passes a well-formed contract', () => {
    expect(contractProblems(CONTRACT)).toEqual([]);
  });

  it('reports duplicates, empty segments, a key both leaf and free-form, and a source without a tag', () => {
    expect(contractProblems({ source: 'values.yaml', keys: ['a', 'a', 'b..c', 'd', 'd.*'] })).toEqual([
      'key "a" is listed twice',
      'key "b..c": empty or wildcard segment inside the path',
      'key "d" is both a leaf and a free-form root',
      'source "values.yaml": expected <owner>/<repo>@<tag>:<path>',
    ]);
  });
});
