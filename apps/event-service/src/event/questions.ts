import type { Question } from '@evently/contracts';

// Questions an event asks of each attendee (answered per ticket in booking-service). Pure rules, unit-tested
// beside.

/** A question as the organizer describes it; without an id, one is made from its label. */
export interface QuestionInput {
  id?: string;
  label: string;
  kind: Question['kind'];
  options?: string[] | null;
  required?: boolean;
}

export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 20;

/** A readable, stable key from a label: "T-shirt size" -> "t-shirt-size". */
export function slugOf(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return slug || 'question';
}

/**
 * The stored questions for `input`, in its order: given ids are kept, the others are made from the label
 * (with -2, -3... when taken); options only on choice questions.
 */
export function questionsOf(input: QuestionInput[]): Question[] {
  const taken = new Set(input.flatMap((q) => (q.id ? [q.id] : [])));
  return input.map((q) => {
    let id = q.id;
    if (!id) {
      const base = slugOf(q.label);
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
    }
    return {
      id,
      label: q.label.trim(),
      kind: q.kind,
      options: q.kind === 'choice' ? (q.options ?? []).map((o) => o.trim()) : null,
      required: q.required ?? false,
    };
  });
}

/** What is wrong with a list of questions, by field (`questions`); empty when nothing is. */
export function questionProblems(input: QuestionInput[]): Record<string, string[]> {
  const problems: string[] = [];
  const ids = input.flatMap((q) => (q.id ? [q.id] : []));
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) problems.push(`question ids must differ: ${[...new Set(twice)].join(', ')}`);
  input.forEach((q, i) => {
    const options = (q.options ?? []).map((o) => o.trim());
    if (q.kind === 'choice') {
      if (options.length < 2) problems.push(`question ${i + 1} (choice) needs at least 2 options`);
      if (new Set(options).size !== options.length) problems.push(`question ${i + 1}'s options must differ`);
    } else if (options.length > 0) {
      problems.push(`question ${i + 1} (${q.kind}) takes no options`);
    }
  });
  return problems.length > 0 ? { questions: problems } : {};
}
