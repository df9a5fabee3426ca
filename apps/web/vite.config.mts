import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app, built into dist/apps/web (the console serves it at /). In development `npm run dev:web`
 * serves it on :5173 and forwards /api and /socket.io to a platform on :3000 (npm start).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  resolve: { alias: { '@web': `${root}src`, '@vigil/domain': fileURLToPath(new URL('../../libs/domain/src', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // no inline scripts or styles: the pages' content security policy refuses them
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'http://127.0.0.1:3000', ws: true }, '/fonts': 'http://127.0.0.1:3000' },
  },
});
