// Two projects: fast pure unit specs beside the code, and integration/e2e suites under test/.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const moduleNameMapper = {
  '^@vigil/domain$': '<rootDir>/libs/domain/src',
  '^@vigil/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@vigil/(config|persistence|messaging|application|observability)$': '<rootDir>/libs/$1/src',
};
const base = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
      testTimeout: 60000,
    },
  ],
};
