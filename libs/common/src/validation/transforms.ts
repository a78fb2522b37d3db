/** class-transformer `@Transform` functions shared by the services' DTOs. */
type TransformInput = { value: unknown };

/** Trims a string (other values pass, for the validators to refuse). */
export const trimString = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** A query-string boolean: "true" and "false" become booleans; anything else passes, for @IsBoolean to refuse. */
export const queryBoolean = ({ value }: TransformInput): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
