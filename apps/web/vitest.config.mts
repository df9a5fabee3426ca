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
      // run through Vite, not Node's own loader: Node hands Element Plus the CommonJS async-validator's module object as
      // its default import, so every el-form validation throws inside and the form reads as valid
      server: { deps: { inline: ['element-plus'] } },
      include: ['src/**/*.spec.ts'],
      reporters: ['default', ['json', { outputFile: fileURLToPath(new URL('../../test-artifacts/web-tests.json', import.meta.url)) }]],
    },
  }),
);
