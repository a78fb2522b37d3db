import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard builds to static files (dist/web) that Nginx serves at `/`; hashed assets under /assets/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // The one lib the dashboard shares with the services' side (pure TypeScript, no Node APIs).
  resolve: {
    alias: {
      '@evently/sse': fileURLToPath(new URL('../../libs/sse/src', import.meta.url)),
      '@evently/time': fileURLToPath(new URL('../../libs/time/src', import.meta.url)),
      '@evently/money': fileURLToPath(new URL('../../libs/money/src', import.meta.url)),
    },
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // React Router marks its modules "use client" (for server components); meaningless in a static SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
});
