import { canonicalEmail } from '@evently/contracts';

/** class-transformer `@Transform` functions shared by the services' DTOs. */
type TransformInput = { value: unknown };

/** Trims a string (other values pass, for the validators to refuse). */
export const trimString = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** A query-string boolean: "true" and "false" become booleans; anything else passes, for @IsBoolean to refuse. */
export const queryBoolean = ({ value }: TransformInput): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** An email address in its canonical form (lower case, ASCII domain) when it is one; other text is trimmed. */
export const toCanonicalEmail = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? (canonicalEmail(value) ?? value.trim()) : value;
