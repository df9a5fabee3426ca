import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.mjs';

/** Component tests of the web app (happy-dom); `npm run test:web`, part of `npm test`. */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      root: fileURLToPath(new URL('.', import.meta.url)),
      environment: 'happy-dom',
      include: ['src/**/*.spec.ts'],
      reporters: ['default', ['json', { outputFile: fileURLToPath(new URL('../../test-artifacts/web-tests.json', import.meta.url)) }]],
    },
  }),
);
