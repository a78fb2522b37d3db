import type { Question } from '@evently/contracts';

// Answers to an event's questions, per ticket. Pure rules, unit-tested beside.

export type Answers = Record<string, string | boolean>;
export const MAX_TEXT_ANSWER = 1000;

/**
 * A ticket's answers after a change: given answers replace the ticket's ones question by question, null
 * clears one, and the others stay. Null with the problems (by question id) when a given answer does not fit
 * its question, names no question of the event, or a required question is left unanswered.
 */
export function answersAfter(
  questions: Question[],
  current: Answers,
  given: Record<string, unknown>,
): { answers: Answers } | { problems: Record<string, string[]> } {
  const problems: Record<string, string[]> = {};
  const answers: Answers = { ...current };
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(given)) {
    const question = byId.get(id);
    if (!question) {
      problems[`answers.${id}`] = ['the event asks no such question'];
      continue;
    }
    if (value === null || value === '') {
      delete answers[id];
      continue;
    }
    const wrong = answerProblem(question, value);
    if (wrong) problems[`answers.${id}`] = [wrong];
    else answers[id] = typeof value === 'string' ? value.trim() : (value as boolean);
  }
  for (const question of questions) {
    if (!question.required || problems[`answers.${question.id}`]) continue;
    const answer = answers[question.id];
    if (answer === undefined || (question.kind === 'checkbox' && answer !== true)) {
      problems[`answers.${question.id}`] = [
        question.kind === 'checkbox'
          ? `"${question.label}" must be ticked`
          : `"${question.label}" is required`,
      ];
    }
  }
  return Object.keys(problems).length > 0 ? { problems } : { answers };
}

function answerProblem(question: Question, value: unknown): string | null {
  switch (question.kind) {
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      return value.trim().length > MAX_TEXT_ANSWER ? `must be at most ${MAX_TEXT_ANSWER} characters` : null;
    case 'choice':
      return typeof value === 'string' && (question.options ?? []).includes(value)
        ? null
        : `must be one of: ${(question.options ?? []).join(', ')}`;
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'must be true or false';
  }
}

/** The questions a ticket has left unanswered that the event requires (shown on attendee lists). */
export const missingAnswers = (questions: Question[], answers: Answers): string[] =>
  questions
    .filter(
      (q) => q.required && (answers[q.id] === undefined || (q.kind === 'checkbox' && answers[q.id] !== true)),
    )
    .map((q) => q.id);
