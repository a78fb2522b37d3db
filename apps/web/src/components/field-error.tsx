import { describe, fieldErrors } from '../api/client';

/** The API's messages for the field at `path` (and the fields under it), shown next to it. */
export function FieldError({ errors, path }: { errors: Record<string, string[]>; path: string }) {
  const messages = Object.entries(errors)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .flatMap(([, list]) => list);
  if (messages.length === 0) return null;
  return (
    <span className="field-error" data-field={path}>
      {messages.join('; ')}
    </span>
  );
}

/** What a form says under its fields after a failed submit: how many fields to check, or the error itself. */
export function formMessage(error: unknown): string | null {
  const count = Object.keys(fieldErrors(error)).length;
  if (count > 0) return `Check the ${count === 1 ? 'field' : `${count} fields`} marked above.`;
  return error ? describe(error) : null;
}
