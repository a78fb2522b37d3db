// The Kubernetes layout of docs/k8s, checked without a cluster: every manifest valid against the Kubernetes
// schemas (kubernetes-models, run by scripts/k8s-validate.mjs), each service a Deployment of two or more
// instances, ready on /health, with a PodDisruptionBudget and every setting its config schema requires, and
// RabbitMQ a three-node cluster of the operator. Nothing is applied anywhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { bookingServiceConfigSchema } from '../../apps/booking-service/src/config/booking-service.config';
import { eventServiceConfigSchema } from '../../apps/event-service/src/config/event-service.config';
import { notifierServiceConfigSchema } from '../../apps/notifier-service/src/config/notifier-service.config';
import { userServiceConfigSchema } from '../../apps/user-service/src/config/user-service.config';

const root = join(__dirname, '..', '..');
const dir = join(root, 'docs', 'k8s');

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}
interface Container {
  env?: { name: string }[];
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { tcpSocket?: unknown };
  ports?: { name: string; containerPort: number }[];
}

const manifests: Manifest[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest));
const of = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

function validate(folder: string): { status: number; rows: Record<string, unknown>[] } {
  let status = 0;
  let out: string;
  try {
    out = execFileSync('node', [join(root, 'scripts', 'k8s-validate.mjs'), folder], { encoding: 'utf8' });
  } catch (error) {
    status = (error as { status: number }).status;
    out = String((error as { stdout: string }).stdout);
  }
  return {
    status,
    rows: out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const schemas: Record<string, z.ZodObject> = {
  'user-service': userServiceConfigSchema,
  'event-service': eventServiceConfigSchema,
  'booking-service': bookingServiceConfigSchema,
  'notifier-service': notifierServiceConfigSchema,
};
const required = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);

describe('docs/k8s (validated, never applied)', () => {
  it('is valid against the Kubernetes schemas; only the operator resource has none there', () => {
    const { status, rows } = validate(dir);
    expect(status).toBe(0);
    expect(rows.filter((r) => r.checked && r.valid !== true)).toEqual([]);
    expect(rows.filter((r) => !r.checked).map((r) => r.kind)).toEqual(['RabbitmqCluster']);
    expect(rows.length).toBe(manifests.length);
  });

  it('refuses a manifest the schemas refuse', () => {
    const broken = mkdtempSync(join(tmpdir(), 'evently-k8s-'));
    writeFileSync(
      join(broken, 'broken.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: two, template: {} }\n',
    );
    const { status, rows } = validate(broken);
    expect(status).toBe(1);
    expect(rows[0]).toMatchObject({ kind: 'Deployment', valid: false });
    expect(String(rows[0].error)).toMatch(/selector/);
  });

  it.each(Object.keys(schemas))(
    '%s: two or more instances, ready on /health, alive on its port, with a disruption budget and its settings',
    (name) => {
      const deployment = of('Deployment', name)!;
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      const template = deployment.spec.template as { spec: { containers: Container[] } };
      const [container] = template.spec.containers;
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container.livenessProbe?.tcpSocket).toBeDefined();
      expect(container.ports).toContainEqual({ name: 'http', containerPort: 3000 });
      const given = new Set((container.env ?? []).map((e) => e.name));
      expect(required(schemas[name]).filter((v) => !given.has(v))).toEqual([]);
      expect('JWT_PRIVATE_KEY_FILE' in Object.fromEntries([...given].map((g) => [g, 1]))).toBe(
        name === 'user-service',
      );
      const selector = (deployment.spec.selector as { matchLabels: Record<string, string> }).matchLabels;
      expect(of('PodDisruptionBudget', name)?.spec).toEqual({
        minAvailable: 1,
        selector: { matchLabels: selector },
      });
      expect(of('Service', name)?.spec.selector).toEqual(selector);
    },
  );

  it('runs RabbitMQ as a three-node cluster of the operator, a node cut off pausing', () => {
    const cluster = of('RabbitmqCluster', 'evently-rabbitmq')!;
    expect(cluster.spec.replicas).toBe(3);
    expect((cluster.spec.rabbitmq as { additionalConfig: string }).additionalConfig).toContain(
      'cluster_partition_handling = pause_minority',
    );
  });
});
