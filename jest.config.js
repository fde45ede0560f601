/**
 * Jest runs TypeScript through @swc/jest: it strips types without checking them, which keeps a cold run fast.
 * Types are checked once for the whole tree by `npm run typecheck` (TypeScript 7's native tsc --noEmit), part of `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  setupFiles: ['<rootDir>/__tests__/setup-speed.ts'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
  resolver: '<rootDir>/jest.resolver.js',
  modulePathIgnorePatterns: ['<rootDir>/cdktf.out'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/'],
};
