import { defineConfig } from 'vite';

// The dashboard builds to static files (dist/web) that Nginx serves at `/`; hashed assets under /assets/.
export default defineConfig({
  root: __dirname,
  base: '/',
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
});
