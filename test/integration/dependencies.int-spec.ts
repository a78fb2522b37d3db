// Every package the code imports is declared in package.json: runtime code in "dependencies" (a production
// image installs only those), tests and tooling in either. A package that is only there as some other
// package's dependency can vanish in any update.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Bare package names a file imports: import/from/require of a specifier that is not relative. */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s+|require\()\s*'([^'.][^']*)'/g)].map((m) => m[1]);
  return specifiers
    .filter(
      (s) =>
        !s.startsWith('@evently/') && !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]),
    )
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
}

// apps/web is bundled into static files at build time: its packages are build tools (devDependencies).
const isRuntime = (file: string) =>
  /^(apps|libs)\//.test(file) &&
  !file.startsWith('apps/web/') &&
  !/\.(spec|int-spec|e2e-spec)\.ts$/.test(file) &&
  !/\/test\//.test(file);

describe('package.json declares what the code imports', () => {
  const files = ['apps', 'libs', 'scripts', 'test']
    .flatMap((dir) => sources(join(root, dir)))
    .map((f) => relative(root, f));

  it('declares every package that runtime code imports as a dependency', () => {
    const missing = files
      .filter(isRuntime)
      .flatMap((file) => importedPackages(join(root, file)).map((pkg) => ({ file, pkg })))
      .filter(({ pkg }) => !(pkg in manifest.dependencies));
    expect(missing).toEqual([]);
  });

  it('declares every package that tests and scripts import', () => {
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const missing = files
      .flatMap((file) => importedPackages(join(root, file)).map((pkg) => ({ file, pkg })))
      .filter(({ pkg }) => !(pkg in declared));
    expect(missing).toEqual([]);
  });
});
