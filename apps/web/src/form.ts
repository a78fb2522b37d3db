/** The text of a form field (a file input, or a field that is not there, reads as ''). */
export function fieldText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
