import { defineConfig } from 'vite';

// The dashboard builds to static files (dist/web) that Nginx serves at `/`; hashed assets under /assets/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
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
