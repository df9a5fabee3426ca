// Two projects: fast pure unit specs beside the code, and integration/e2e suites under test/.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@vigil/domain$': '<rootDir>/libs/domain/src',
  '^@vigil/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@vigil/(config|persistence|messaging|application|observability|runtime|documents)$': '<rootDir>/libs/$1/src',
  '^@vigil/(console|ingest|scheduler)$': '<rootDir>/apps/$1/src',
};
// NestJS 12, aedes and a few of their dependencies ship as ES modules only. Node loads them from
// our CommonJS build through require(esm), but jest on Node 20 cannot, so swc converts them on the way in.
const ESM_PACKAGES = ['@nestjs', 'aedes', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit'];
const base = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};
module.exports = {
  // a global option: Jest ignores it inside a project
  testTimeout: 60000,
  // the integration suites mostly wait on timers and sockets (14 CPU-minutes in a 15-minute CI on two cores); three at
  // once cut CI to 9 minutes but let suites sharing one external broker and one-second heartbeats race: two at once
  maxWorkers: 2,
  // measured: the workers hold no handle when asked to stop and fire 'exit' at once, yet on a busy 2-core machine the
  // process takes over Jest's default 500 ms to be gone (then reported as "failed to exit gracefully"). A real leak
  // (a timer or socket left open) still keeps a worker alive past this and is reported.
  workerGracefulExitTimeout: 5000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
      // the web app's specs run in vitest (npm run test:web)
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
    },
  ],
};
