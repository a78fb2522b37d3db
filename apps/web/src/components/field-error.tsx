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
