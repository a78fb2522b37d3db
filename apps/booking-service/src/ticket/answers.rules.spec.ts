import type { Question } from '@evently/contracts';
import { answersAfter, missingAnswers } from './answers.rules';

const questions: Question[] = [
  { id: 'company', label: 'Company', kind: 'text', options: null, required: false },
  { id: 'size', label: 'T-shirt size', kind: 'choice', options: ['S', 'M', 'L'], required: true },
  { id: 'terms', label: 'I accept the terms', kind: 'checkbox', options: null, required: true },
];

describe('answers', () => {
  it('merges given answers over the ticket ones, null clearing one', () => {
    const after = answersAfter(
      questions,
      { company: 'Acme', size: 'S', terms: true },
      { size: 'M', company: null },
    );
    expect(after).toEqual({ answers: { size: 'M', terms: true } });
    expect(answersAfter(questions, {}, { company: '  Acme ', size: 'L', terms: true })).toEqual({
      answers: { company: 'Acme', size: 'L', terms: true },
    });
  });

  it('refuses unknown questions, wrong kinds, choices off the list and unanswered required questions', () => {
    const after = answersAfter(questions, {}, { nope: 'x', company: 3, size: 'XXL' });
    expect(after).toEqual({
      problems: {
        'answers.nope': ['the event asks no such question'],
        'answers.company': ['must be text'],
        'answers.size': ['must be one of: S, M, L'],
        'answers.terms': ['"I accept the terms" must be ticked'],
      },
    });
    expect(answersAfter(questions, { size: 'S', terms: true }, { terms: false })).toEqual({
      problems: { 'answers.terms': ['"I accept the terms" must be ticked'] },
    });
    expect(answersAfter(questions, { size: 'S', terms: true }, { company: 'x'.repeat(1001) })).toEqual({
      problems: { 'answers.company': ['must be at most 1000 characters'] },
    });
  });

  it('names the required questions a ticket has not answered', () => {
    expect(missingAnswers(questions, { size: 'S' })).toEqual(['terms']);
    expect(missingAnswers(questions, { size: 'S', terms: true })).toEqual([]);
  });
});
