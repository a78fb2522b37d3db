import { HttpStatus } from '@nestjs/common';
import { AppException, ValidationFailedException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-code';

/** Deeper than any request body of api-v1 (events nest 4 levels); bounds the validator's recursion. */
export const MAX_INPUT_DEPTH = 16;

/**
 * A NUL byte (PostgreSQL text cannot hold one) or an unpaired UTF-16 surrogate (not valid Unicode, so not
 * storable as UTF-8 or jsonb).
 */
const unstorable = (text: string): boolean => text.includes('\u0000') || !text.isWellFormed();

const pathOf = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

/**
 * Keys that name what every object inherits (`__proto__`, `constructor`, `hasOwnProperty`...). No field of
 * api-v1 is called so, and the DTO transformer drops such keys without a word (it will not overwrite an
 * inherited function), so the validator would never see them to refuse them as unknown: they are refused
 * here instead, like any unknown field.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Walks a parsed body or query, without recursion past MAX_INPUT_DEPTH, and names the first value that no
 * service could store or validate safely. Keys are checked too: an unknown key still reaches the validator.
 */
export function findUnsafeInput(
  value: unknown,
  source: 'body' | 'query',
): { kind: 'depth' | 'text' | 'reserved'; path: string } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (unstorable(item.value)) return { kind: 'text', path: item.path || `(${source})` };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_INPUT_DEPTH) return { kind: 'depth', path: item.path || `(${source})` };
    for (const [key, child] of Object.entries(item.value)) {
      const path = pathOf(item.path, key);
      if (unstorable(key)) return { kind: 'text', path: `(${source} key)` };
      if (RESERVED_KEYS.has(key)) return { kind: 'reserved', path };
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** Throws the api-v1 error for the first unsafe value of a parsed body or query (see findUnsafeInput). */
export function assertSafeInput(value: unknown, source: 'body' | 'query'): void {
  const unsafe = findUnsafeInput(value, source);
  if (!unsafe) return;
  if (unsafe.kind === 'depth') {
    throw new AppException(
      HttpStatus.BAD_REQUEST,
      CommonErrorCode.NestingTooDeep,
      `The ${source} is nested deeper than ${MAX_INPUT_DEPTH} levels`,
    );
  }
  if (unsafe.kind === 'reserved') {
    throw new ValidationFailedException({ [unsafe.path]: ['property should not exist'] });
  }
  throw new ValidationFailedException(
    { [unsafe.path]: ['must not contain NUL characters or unpaired UTF-16 surrogates'] },
    'Request contains text that is not valid Unicode',
  );
}
