import type { components } from '../api/event-service';
import { FieldError } from './field-error';

type Question = components['schemas']['QuestionViewDto'];
type QuestionBody = components['schemas']['QuestionDto'];

/** A question as its row in the form holds it (options as typed, comma-separated). */
export interface QuestionRow {
  id?: string;
  label: string;
  kind: Question['kind'];
  options: string;
  required: boolean;
}

export const questionRowOf = (q: Question): QuestionRow => ({
  id: q.id,
  label: q.label,
  kind: q.kind,
  options: (q.options ?? []).join(', '),
  required: q.required,
});

/** The questions as the API takes them: stored ones keep their ids (and so their answers). */
export const questionsBody = (rows: QuestionRow[]): QuestionBody[] =>
  rows.map((q) => ({
    ...(q.id && { id: q.id }),
    label: q.label.trim(),
    kind: q.kind,
    options:
      q.kind === 'choice'
        ? q.options
            .split(',')
            .map((o) => o.trim())
            .filter((o) => o !== '')
        : null,
    required: q.required,
  }));

const KINDS: { kind: Question['kind']; name: string }[] = [
  { kind: 'text', name: 'Text' },
  { kind: 'choice', name: 'Choice' },
  { kind: 'checkbox', name: 'Checkbox' },
];

/** What the event asks of each attendee: a row per question (label, kind, options of a choice, required). */
export function QuestionsField({
  rows,
  setRows,
  errors,
}: {
  rows: QuestionRow[];
  setRows(update: (all: QuestionRow[]) => QuestionRow[]): void;
  errors: Record<string, string[]>;
}) {
  const set = (index: number, change: Partial<QuestionRow>) =>
    setRows((all) => all.map((q, i) => (i === index ? { ...q, ...change } : q)));
  return (
    <fieldset className="stack" data-testid="questions">
      <legend>Questions for each attendee</legend>
      {rows.length === 0 && <p className="muted">None: tickets carry a name only.</p>}
      {rows.map((q, i) => (
        <div key={q.id ?? `new-${i}`} className="ticket-row" data-question-row={i}>
          <label>
            Question <input value={q.label} onChange={(e) => set(i, { label: e.target.value })} />
            <FieldError errors={errors} path={`questions.${i}.label`} />
          </label>
          <label>
            Answer
            <select value={q.kind} onChange={(e) => set(i, { kind: e.target.value as Question['kind'] })}>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.name}
                </option>
              ))}
            </select>
          </label>
          {q.kind === 'choice' && (
            <label>
              Options (comma-separated)
              <input value={q.options} onChange={(e) => set(i, { options: e.target.value })} />
              <FieldError errors={errors} path={`questions.${i}.options`} />
            </label>
          )}
          <label className="inline">
            <input
              type="checkbox"
              checked={q.required}
              onChange={(e) => set(i, { required: e.target.checked })}
            />{' '}
            Required
          </label>
          <button type="button" onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>
            Remove {q.label || 'question'}
          </button>
        </div>
      ))}
      {errors.questions && (
        <span className="field-error" data-field="questions">
          {errors.questions.join('; ')}
        </span>
      )}
      <button
        type="button"
        onClick={() => setRows((all) => [...all, { label: '', kind: 'text', options: '', required: false }])}
      >
        Add a question
      </button>
    </fieldset>
  );
}
