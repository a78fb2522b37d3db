// A small reader of the gateway's Nginx templates, and the lint rules run over them (test/integration/
// nginx-lint.int-spec.ts): the pitfalls gixy and reviewers look for, checked on every `npm test`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Directive {
  name: string;
  args: string[];
  /** Present for a block (`location ... { ... }`). */
  children?: Directive[];
  /** Where it is written: file and line. */
  at: string;
}

/** Splits an Nginx configuration into directives and blocks (comments dropped, quotes kept as written). */
export function parseNginx(text: string, file: string): Directive[] {
  const tokens: { value: string; line: number }[] = [];
  // A word may hold template variables (`${NGINX_CONF_DIR}`), which the braces of a block must not split.
  const pattern = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n]*|[{};]|(?:\$\{[A-Z_]+\}|[^\s{};"'#])+/g;
  for (const [index, lineText] of text.split('\n').entries()) {
    for (const match of lineText.matchAll(pattern)) {
      if (!match[0].startsWith('#')) tokens.push({ value: match[0], line: index + 1 });
    }
  }
  let position = 0;
  const readBlock = (): Directive[] => {
    const directives: Directive[] = [];
    let words: string[] = [];
    let line = 0;
    while (position < tokens.length) {
      const { value, line: at } = tokens[position++];
      if (words.length === 0) line = at;
      if (value === ';') {
        directives.push({ name: words[0], args: words.slice(1), at: `${file}:${line}` });
        words = [];
      } else if (value === '{') {
        directives.push({
          name: words[0],
          args: words.slice(1),
          children: readBlock(),
          at: `${file}:${line}`,
        });
        words = [];
      } else if (value === '}') {
        return directives;
      } else {
        words.push(value);
      }
    }
    return directives;
  };
  return readBlock();
}

/** Reads `file` under nginx/ and inlines `include ${NGINX_CONF_DIR}/<path>` of files that exist there. */
export function readNginx(root: string, file: string): Directive[] {
  const inline = (directives: Directive[]): Directive[] =>
    directives.flatMap((d) => {
      if (d.name === 'include' && d.args[0]?.startsWith('${NGINX_CONF_DIR}/')) {
        const path = join(root, 'nginx', d.args[0].slice('${NGINX_CONF_DIR}/'.length));
        if (existsSync(path)) return inline(parseNginx(readFileSync(path, 'utf8'), path));
      }
      return [{ ...d, children: d.children && inline(d.children) }];
    });
  return inline(parseNginx(readFileSync(join(root, 'nginx', file), 'utf8'), `nginx/${file}`));
}

const headerNames = (directives: Directive[]) =>
  directives.filter((d) => d.name === 'add_header').map((d) => d.args[0].toLowerCase());

/**
 * add_header in a block drops every add_header of the blocks around it (Nginx inherits them only into blocks
 * that have none): a block with its own headers must repeat each header its parent sends.
 */
export function headerRedefinitions(directives: Directive[], inherited: string[] = []): string[] {
  const own = headerNames(directives);
  const problems: string[] = [];
  const effective = own.length > 0 ? own : inherited;
  for (const d of directives) {
    if (!d.children) continue;
    const childOwn = headerNames(d.children);
    const lost = childOwn.length > 0 ? effective.filter((name) => !childOwn.includes(name)) : [];
    if (lost.length > 0) problems.push(`${d.at}: ${d.name} ${d.args.join(' ')} drops ${lost.join(', ')}`);
    problems.push(...headerRedefinitions(d.children, effective));
  }
  return problems;
}

/** `if` inside a location may only return or rewrite ("if is evil" for anything else). */
export function unsafeIfs(directives: Directive[], inLocation = false): string[] {
  return directives.flatMap((d) => {
    if (!d.children) return [];
    if (d.name === 'if' && inLocation) {
      const other = d.children.filter((c) => !['return', 'rewrite', 'set'].includes(c.name));
      return other.map((c) => `${c.at}: ${c.name} inside if (only return, rewrite, set)`);
    }
    return unsafeIfs(d.children, inLocation || d.name === 'location');
  });
}

/** Every proxy_pass target: `http://<upstream>[/path]`, by upstream name. */
export function proxyTargets(directives: Directive[]): { upstream: string; at: string }[] {
  return directives.flatMap((d) => {
    const own =
      d.name === 'proxy_pass'
        ? [{ upstream: /^https?:\/\/([^/:$]+)/.exec(d.args[0])?.[1] ?? d.args[0], at: d.at }]
        : [];
    return [...own, ...(d.children ? proxyTargets(d.children) : [])];
  });
}

/** The names of the `upstream` blocks. */
export const upstreamNames = (directives: Directive[]): string[] =>
  directives.filter((d) => d.name === 'upstream' && d.children).map((d) => d.args[0]);

/** Every directive named `name`, at any depth. */
export function allNamed(directives: Directive[], name: string): Directive[] {
  return directives.flatMap((d) => [
    ...(d.name === name ? [d] : []),
    ...(d.children ? allNamed(d.children, name) : []),
  ]);
}
