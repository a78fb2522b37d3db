// No Docker engine runs here, so the compose stack is checked statically: the file parses, everything it
// references exists, each service gets every variable its config schema requires (from compose and from
// scripts/stack.sh) and none it does not know (a setting renamed in one place only fails here), ports match
// the gateway's upstreams, and every ${VAR} is documented in .env.example or has a default.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { bookingServiceConfigSchema } from '../../apps/booking-service/src/config/booking-service.config';
import { eventServiceConfigSchema } from '../../apps/event-service/src/config/event-service.config';
import { notifierServiceConfigSchema } from '../../apps/notifier-service/src/config/notifier-service.config';
import { userServiceConfigSchema } from '../../apps/user-service/src/config/user-service.config';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
  restart?: string;
  networks?: string[];
  volumes?: string[];
  ports?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  networks: Record<string, unknown>;
  volumes: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as Compose;
const appSchemas: Record<string, z.ZodObject> = {
  'user-service': userServiceConfigSchema,
  'event-service': eventServiceConfigSchema,
  'booking-service': bookingServiceConfigSchema,
  'notifier-service': notifierServiceConfigSchema,
};
const oneShot = new Set(['keys']);

const exampleEnv = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Compose-style interpolation of ${VAR}, ${VAR:-default} and ${VAR:?error} with the .env.example values. */
const interpolate = (value: string) =>
  value.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (exampleEnv[name] !== undefined) return exampleEnv[name];
    if (op === '-') return arg ?? '';
    throw new Error(`${name} is neither in .env.example nor defaulted`);
  });

/** Variables a schema cannot do without: no default, not optional. */
const requiredVariables = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);

/** Read by Node or libuv, not by a service's config schema. */
const NOT_CONFIG = new Set(['UV_THREADPOOL_SIZE']);

/**
 * The settings scripts/stack.sh gives an instance of `service` (service_env, in scripts/stack/services.sh): every `echo "X=..."`
 * outside a branch for another service.
 */
function stackSettings(service: string): string[] {
  const script = read('scripts/stack/services.sh');
  const body = script.slice(
    script.indexOf('service_env() {'),
    script.indexOf('\n}\n', script.indexOf('service_env() {')),
  );
  const settings: string[] = [];
  let branchFor: string | undefined;
  for (const line of body.split('\n')) {
    const branch = /if \[\[ "\$service" == ([a-z-]+)/.exec(line);
    if (branch) branchFor = branch[1];
    else if (/^\s*fi\s*$/.test(line) && /^ {2}fi/.test(line)) branchFor = undefined;
    const setting = /echo "([A-Z][A-Z0-9_]*)=/.exec(line);
    if (setting && (branchFor === undefined || branchFor === service)) settings.push(setting[1]);
  }
  return settings;
}

/** A release, not a moving line: 1.28.0-alpine, v1.20.4, 15.13-bookworm (PostgreSQL has two parts), not 4-management. */
const EXACT_TAG = /:v?\d+\.\d+(\.\d+)?(-[a-z]+)*$/;

const RABBIT_NODES = ['rabbitmq-1', 'rabbitmq-2', 'rabbitmq-3'];

describe('docker-compose.yml (checked without a Docker engine)', () => {
  it('parses and declares the whole production stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'booking-service',
        'event-service',
        'keys',
        'mailpit',
        'nginx',
        'notifier-service',
        'postgres',
        'rabbitmq-1',
        'rabbitmq-2',
        'rabbitmq-3',
        'user-service',
      ].sort(),
    );
    for (const node of RABBIT_NODES) {
      expect(compose.services[node].image).toMatch(/^rabbitmq:4\.\d+\.\d+-management$/);
    }
    expect(compose.services['rabbitmq-1'].ports).toContainEqual(expect.stringContaining(':15672'));
    expect(compose.services.mailpit.ports).toContainEqual(expect.stringContaining(':8025'));
    expect(compose.services.nginx.ports).toContainEqual(expect.stringMatching(/:80$/));
  });

  it.each(Object.keys(compose.services))(
    '%s references only declared networks, volumes, services and files',
    (name) => {
      const service = compose.services[name];
      for (const network of service.networks ?? []) expect(Object.keys(compose.networks)).toContain(network);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect(existsSync(join(root, source))).toBe(true);
        else expect(Object.keys(compose.volumes)).toContain(source);
      }
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
        if (oneShot.has(dependency)) expect(condition).toBe('service_completed_successfully');
        else {
          expect(condition).toBe('service_healthy');
          expect(compose.services[dependency].healthcheck).toBeDefined();
        }
      }
      if (service.build)
        expect(existsSync(join(root, service.build.context, service.build.dockerfile))).toBe(true);
    },
  );

  it.each(Object.keys(compose.services).filter((n) => compose.services[n].image))(
    '%s runs an image pinned to an exact version',
    (name) => {
      expect(compose.services[name].image).toMatch(EXACT_TAG);
    },
  );

  it('pins the base images of every Dockerfile to an exact version', () => {
    for (const file of ['Dockerfile', 'nginx/Dockerfile']) {
      for (const [, image] of read(file).matchAll(/^FROM (\S+)/gm)) {
        expect(image).toMatch(EXACT_TAG);
      }
    }
  });

  it('gives the private signing key to user-service alone, the public key to every service', () => {
    const mounts = (name: string) => compose.services[name].volumes ?? [];
    for (const name of Object.keys(appSchemas)) {
      const sources = mounts(name).map((volume) => volume.split(':')[0]);
      expect(sources).toContain('jwt-public-key');
      expect(sources.includes('jwt-private-key')).toBe(name === 'user-service');
    }
    const others = Object.keys(compose.services).filter((n) => n !== 'user-service' && n !== 'keys');
    for (const name of others) expect(mounts(name).join(' ')).not.toContain('jwt-private-key');
  });

  it('has the gateway re-resolve service names instead of pinning the addresses found at start', () => {
    const upstreams = read('nginx/compose/upstreams.conf');
    expect(upstreams).toMatch(/^resolver 127\.0\.0\.11 /m);
    for (const name of Object.keys(appSchemas)) {
      expect(upstreams).toMatch(new RegExp(`server ${name}:\\d+ resolve `));
    }
  });

  it.each(Object.keys(compose.services).filter((n) => !oneShot.has(n)))(
    '%s is health-checked and restarts',
    (name) => {
      expect(compose.services[name].healthcheck?.test).toBeDefined();
      expect(compose.services[name].restart).toBe('unless-stopped');
    },
  );

  it.each(Object.keys(appSchemas))(
    '%s gets every variable its config schema requires, and waits for its dependencies',
    (name) => {
      const service = compose.services[name];
      const environment = service.environment ?? {};
      for (const variable of requiredVariables(appSchemas[name]))
        expect(Object.keys(environment)).toContain(variable);
      expect(environment.NODE_ENV).toBe('production');
      expect(service.build?.args?.SERVICE).toBe(name);
      // The notifier also needs the SMTP server (Mailpit) up before it starts sending.
      const dependencies = [
        'keys',
        'postgres',
        ...RABBIT_NODES,
        ...(name === 'notifier-service' ? ['mailpit'] : []),
      ];
      expect(Object.keys(service.depends_on ?? {}).sort()).toEqual(dependencies.sort());
      // Only user-service may sign tokens.
      expect('JWT_PRIVATE_KEY_FILE' in environment).toBe(name === 'user-service');
      expect(
        appSchemas[name].safeParse(
          Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(String(v))])),
        ).success,
      ).toBe(true);
    },
  );

  it('runs RabbitMQ as a cluster of three nodes, each with its own name and volume, and one cookie', () => {
    const conf = read('scripts/rabbitmq/compose-cluster.conf');
    for (const [i, node] of RABBIT_NODES.entries()) {
      const service = compose.services[node] as ComposeService & { hostname?: string; command?: string[] };
      expect(service.hostname).toBe(node);
      expect(service.volumes).toContain(`${node}-data:/var/lib/rabbitmq`);
      expect(service.volumes).toContain(
        './scripts/rabbitmq/compose-cluster.conf:/etc/rabbitmq/conf.d/20-cluster.conf:ro',
      );
      expect(service.environment?.ERLANG_COOKIE).toBe(
        '${RABBITMQ_ERLANG_COOKIE:?set RABBITMQ_ERLANG_COOKIE in .env}',
      );
      expect(service.command?.join(' ')).toContain('/var/lib/rabbitmq/.erlang.cookie');
      expect(conf).toContain(`cluster_formation.classic_config.nodes.${i + 1} = rabbit@${node}`);
    }
    expect(conf).toMatch(/^cluster_formation\.peer_discovery_backend = classic_config$/m);
  });

  it.each(Object.keys(appSchemas))(
    '%s runs two instances and connects to every node of the cluster',
    (name) => {
      const service = compose.services[name] as ComposeService & { deploy?: { replicas: number | string } };
      expect(interpolate(String(service.deploy?.replicas))).toBe('2');
      const urls = interpolate(String(service.environment?.RABBITMQ_URL)).split(',');
      expect(urls.map((url) => new URL(url).host)).toEqual(RABBIT_NODES.map((node) => `${node}:5672`));
    },
  );

  it("routes the gateway's upstreams to the ports the services listen on", () => {
    const upstreams = read('nginx/compose/upstreams.conf');
    for (const name of Object.keys(appSchemas)) {
      const port = compose.services[name].environment?.PORT;
      expect(upstreams).toMatch(
        new RegExp(`upstream ${name.replace('-', '_')} \\{\\s+zone \\S+ \\S+;\\s+server ${name}:${port} `),
      );
    }
  });

  it('sets every variable of the gateway template for the nginx container', () => {
    const template = read('nginx/gateway.conf.template');
    const nginxDockerfile = read('nginx/Dockerfile');
    const provided = new Set([
      ...Object.keys(compose.services.nginx.environment ?? {}),
      ...[...nginxDockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)=/gm)].map((m) => m[1]),
    ]);
    const used = new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]));
    for (const variable of used) expect(provided).toContain(variable);
  });

  it.each(Object.keys(appSchemas))(
    '%s is given only settings its config schema knows, by compose and by the local stack alike',
    (name) => {
      const known = new Set(Object.keys(appSchemas[name].shape));
      const unknown = (given: string[]) =>
        given.filter((variable) => !known.has(variable) && !NOT_CONFIG.has(variable));
      expect(unknown(Object.keys(compose.services[name].environment ?? {}))).toEqual([]);
      expect(unknown(stackSettings(name))).toEqual([]);
    },
  );

  it.each(Object.keys(appSchemas))('%s gets every required setting from the local stack too', (name) => {
    const given = new Set(stackSettings(name));
    expect(requiredVariables(appSchemas[name]).filter((variable) => !given.has(variable))).toEqual([]);
  });

  it('documents in .env.example every variable it needs without a default', () => {
    const documented = new Set(
      read('.env.example')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split('=')[0]),
    );
    const references = [...composeText.matchAll(/\$\{([A-Z_]+)(:?[-?])?[^}]*\}/g)];
    for (const [, variable, operator] of references) {
      if (operator !== ':-') expect(documented).toContain(variable);
    }
    for (const variable of documented) expect(composeText).toContain(`\${${variable}`);
  });

  it('builds services in two stages, with production dependencies only and a non-root user', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toContain('npm prune --omit=dev');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toContain('npm ci');
  });
});
