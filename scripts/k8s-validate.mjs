// Validates Kubernetes manifests against the Kubernetes schemas (kubernetes-models), never applying them:
//   node scripts/k8s-validate.mjs docs/k8s
// Prints one JSON line per document: file, kind, name, and `valid` (true/false, with the schema's error), or
// `checked: false` for a kind the package has no schema for (an operator's custom resource). ESM, because
// kubernetes-models is an ES module (Jest runs this as a child process).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
let failed = 0;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
    const manifest = doc.toJS();
    if (!manifest) continue;
    const { apiVersion, kind } = manifest;
    const row = { file, kind, name: manifest.metadata?.name };
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
    let Model;
    try {
      const module = await import(
        group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`
      );
      Model = module[kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      console.log(JSON.stringify({ ...row, checked: false }));
      continue;
    }
    try {
      new Model(manifest).validate();
      console.log(JSON.stringify({ ...row, checked: true, valid: true }));
    } catch (error) {
      failed++;
      console.log(JSON.stringify({ ...row, checked: true, valid: false, error: error.message }));
    }
  }
}
process.exit(failed ? 1 : 0);
