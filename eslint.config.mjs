// Lint: typescript-eslint's recommended rules, and the layer arrows of STYLE.md as import rules
// (domain ← application ← adapters ← apps; libs never import apps).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const APPS = ['@vigil/console', '@vigil/console/*', '@vigil/ingest', '@vigil/ingest/*', '@vigil/scheduler', '@vigil/scheduler/*'];
const ADAPTERS = [
  '@vigil/persistence',
  '@vigil/persistence/*',
  '@vigil/messaging',
  '@vigil/messaging/*',
  '@vigil/runtime',
  '@vigil/runtime/*',
  '@vigil/observability',
  '@vigil/observability/*',
];
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'mqtt', 'aedes', 'socket.io', 'socket.io-client', 'pg', 'better-sqlite3', 'express'];
const appImports = { group: [...APPS, '**/apps/*/src/**'], message: 'libs never import apps: move what both need into a lib' };

const layer = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-tools/**', 'node_modules/**', '.ci/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // plain CommonJS scripts (jest's config, the offline-tool runner)
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { __dirname: 'readonly', module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the web app's service worker: a plain script in the browser
    files: ['apps/web/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { self: 'readonly', caches: 'readonly', fetch: 'readonly', URL: 'readonly' } },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest's DI tokens are abstract classes, and many rows are read back untyped from drivers
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: layer([
      { group: ['@vigil/*', '!@vigil/domain', '!@vigil/domain/*'], message: 'the domain imports nothing of ours' },
      { group: FRAMEWORKS, message: 'the domain is plain TypeScript: no Nest, ORM, broker or socket imports' },
    ]),
  },
  {
    // the edge agent runs alone at a site: it shares the domain's shapes with the platform and nothing else of ours
    files: ['apps/agent/**/*.ts'],
    rules: layer([
      { group: ['@vigil/*', '!@vigil/domain', '!@vigil/domain/*', '**/libs/*/src/**'], message: 'the agent imports only @vigil/domain of ours' },
      {
        group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'aedes', 'socket.io', 'pg', 'better-sqlite3', 'express'],
        message: 'the agent is a small process: no Nest, ORM or server frameworks',
      },
    ]),
  },
  {
    files: ['libs/application/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: layer([
      appImports,
      { group: ADAPTERS, message: 'the application layer talks to adapters through its ports' },
      {
        group: [
          'typeorm',
          'typeorm/*',
          'mqtt',
          'aedes',
          'socket.io',
          'pg',
          'better-sqlite3',
          'express',
          'pdfkit',
          'argon2',
          '@nestjs/jwt',
          'csv-stringify',
          'csv-stringify/*',
          'prom-client',
        ],
        message: 'behind a port: the application layer imports no driver, PDF, hashing, signing, CSV or metrics library',
      },
    ]),
  },
  {
    files: ['libs/config/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: layer([appImports, { group: ['@vigil/*', '!@vigil/config', '!@vigil/domain', '!@vigil/domain/*'], message: 'config reads the environment only' }]),
  },
  {
    files: ['libs/persistence/**/*.ts', 'libs/messaging/**/*.ts', 'libs/runtime/**/*.ts', 'libs/observability/**/*.ts'],
    rules: layer([appImports]),
  },
);
