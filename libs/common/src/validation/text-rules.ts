import 'reflect-metadata';

/*
 * What text a request may carry (api-v1): no C0 or C1 control character, no DEL, no bidirectional
 * embedding, override or isolate, in any string of a body or query; a line feed only in a field marked
 * @MultiLine(). Nothing is stripped: a value that breaks the rule is refused, with its field named. Fields
 * that are hashed or compared and never shown (passwords) are marked @OpaqueText() and left alone.
 */

const TEXT_KIND = Symbol('evently:text-kind');
type TextKind = 'multi-line' | 'opaque';

const markField =
  (kind: TextKind): PropertyDecorator =>
  (target, property) => {
    const own = Reflect.getOwnMetadata(TEXT_KIND, target) as Map<string | symbol, TextKind> | undefined;
    // A subclass starts from its parent's marks.
    const inherited = Reflect.getMetadata(TEXT_KIND, target) as Map<string | symbol, TextKind> | undefined;
    const kinds = own ?? new Map(inherited ?? []);
    kinds.set(property, kind);
    Reflect.defineMetadata(TEXT_KIND, kinds, target);
  };

/** Free text that may span lines (a description, a message): `\n` is allowed, other controls are not. */
export const MultiLine = (): PropertyDecorator => markField('multi-line');

/** Text that is only hashed or compared, never stored as such or shown (a password): any characters. */
export const OpaqueText = (): PropertyDecorator => markField('opaque');

function kindOf(owner: object, property: string): TextKind | undefined {
  const kinds = Reflect.getMetadata(TEXT_KIND, Object.getPrototypeOf(owner) as object) as
    Map<string | symbol, TextKind> | undefined;
  return kinds?.get(property);
}

/** C0 controls but LF, DEL, C1 controls, and the bidi embeddings/overrides (U+202A-E) and isolates (U+2066-9). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_ANYWHERE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const LINE_FEED = '\n';

export const SINGLE_LINE_RULE =
  'must not contain control characters, line breaks or bidirectional overrides (U+202A-U+202E, U+2066-U+2069)';
export const MULTI_LINE_RULE =
  'must not contain control characters other than line feeds (\\n), nor bidirectional overrides (U+202A-U+202E, U+2066-U+2069)';

const breaks = (text: string, multiLine: boolean): boolean =>
  FORBIDDEN_ANYWHERE.test(text) || (!multiLine && text.includes(LINE_FEED));

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * The fields of a validated DTO (nested DTOs, arrays and plain objects included) whose text breaks the
 * rule above, each with the rule it breaks. A field's kind comes from the class that declares it; an array
 * or a plain object inherits the kind of the field that holds it.
 */
export function findForbiddenText(dto: unknown): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const visit = (value: unknown, path: string, kind: TextKind | undefined, depth: number): void => {
    if (typeof value === 'string') {
      if (kind !== 'opaque' && breaks(value, kind === 'multi-line')) {
        found[path || '(value)'] = [kind === 'multi-line' ? MULTI_LINE_RULE : SINGLE_LINE_RULE];
      }
      return;
    }
    // Deeper input was refused before validation (MAX_INPUT_DEPTH); the bound only guards a cycle.
    if (value === null || typeof value !== 'object' || depth > 32) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, pathOf(path, index), kind, depth + 1));
      return;
    }
    const isDto = Object.getPrototypeOf(value) !== Object.prototype;
    for (const [key, child] of Object.entries(value)) {
      visit(child, pathOf(path, key), isDto ? kindOf(value, key) : kind, depth + 1);
    }
  };
  visit(dto, '', undefined, 0);
  return found;
}

/** Gives `to` the text kinds of `from`'s fields (mapped types such as PartialType copy no metadata of ours). */
export function inheritTextKinds(from: abstract new () => unknown, to: abstract new () => unknown): void {
  const kinds = Reflect.getMetadata(TEXT_KIND, from.prototype as object) as
    Map<string | symbol, TextKind> | undefined;
  if (kinds) Reflect.defineMetadata(TEXT_KIND, new Map(kinds), to.prototype as object);
}
