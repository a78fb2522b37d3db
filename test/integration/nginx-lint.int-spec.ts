// nginx/ linted: the gateway's templates (shared by the local stack and compose) parsed, their includes
// inlined, and the rules of test/support/nginx-config.ts applied. Each rule is first shown to catch the
// mistake it is for, on a configuration written to break it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allNamed,
  headerRedefinitions,
  parseNginx,
  proxyTargets,
  readNginx,
  unsafeIfs,
  upstreamNames,
} from '@evently/testing/nginx-config';

const root = join(__dirname, '..', '..');
const SERVICES = ['user-service', 'event-service', 'booking-service', 'notifier-service'];

describe('nginx/ lint', () => {
  const gateway = readNginx(root, 'gateway.conf.template');
  const server = allNamed(gateway, 'server')[0];

  it('parses the gateway: one server with its locations, the snippets inlined', () => {
    expect(allNamed(gateway, 'server')).toHaveLength(1);
    expect(server.children!.filter((d) => d.name === 'location').length).toBeGreaterThan(10);
    expect(allNamed(gateway, 'include').map((d) => d.args[0])).toEqual(['${NGINX_CONF_DIR}/upstreams.conf']);
  });

  it('catches a block whose own add_header drops the headers around it', () => {
    const broken = parseNginx(
      'server { add_header X-Frame-Options DENY; location / { add_header Cache-Control no-cache; } }',
      'probe',
    );
    expect(headerRedefinitions(broken)).toEqual(['probe:1: location / drops x-frame-options']);
  });

  it('repeats the security headers in every block that adds its own', () => {
    expect(headerRedefinitions(gateway)).toEqual([]);
  });

  it('catches an if in a location that does more than return', () => {
    const broken = parseNginx('location / { if ($x) { proxy_pass http://a; } }', 'probe');
    expect(unsafeIfs(broken)).toEqual(['probe:1: proxy_pass inside if (only return, rewrite, set)']);
  });

  it('uses if in a location only to return or rewrite', () => {
    expect(unsafeIfs(gateway)).toEqual([]);
  });

  it('proxies only to the upstreams compose defines, one per service', () => {
    const compose = upstreamNames(readNginx(root, 'compose/upstreams.conf'));
    expect(compose.sort()).toEqual(SERVICES.map((s) => s.replaceAll('-', '_')).sort());
    const strays = proxyTargets(gateway).filter((t) => !compose.includes(t.upstream));
    expect(strays).toEqual([]);
  });

  it('does not tell clients its version', () => {
    expect(allNamed(gateway, 'server_tokens').map((d) => d.args)).toEqual([['off']]);
  });

  it('includes only snippets that exist, and every snippet is included', () => {
    const snippets = readdirSync(join(root, 'nginx', 'snippets'));
    const raw = parseNginx(readFileSync(join(root, 'nginx', 'gateway.conf.template'), 'utf8'), 'gateway');
    const included = allNamed(raw, 'include')
      .map((d) => d.args[0])
      .filter((path) => path.startsWith('${NGINX_CONF_DIR}/snippets/'))
      .map((path) => path.slice('${NGINX_CONF_DIR}/snippets/'.length));
    expect([...new Set(included)].sort()).toEqual(snippets.sort());
  });
});
