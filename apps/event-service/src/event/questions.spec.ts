import { questionProblems, questionsOf, slugOf } from './questions';

describe('questions', () => {
  it('makes readable ids from labels and keeps given ones', () => {
    expect(slugOf('T-shirt size')).toBe('t-shirt-size');
    expect(slugOf('Diät / Allergien?')).toBe('diat-allergien');
    expect(slugOf('???')).toBe('question');
    const stored = questionsOf([
      { label: 'Company', kind: 'text' },
      { id: 'company', label: 'Employer', kind: 'text', required: true },
      { label: 'Company', kind: 'text' },
    ]);
    expect(stored.map((q) => q.id)).toEqual(['company-2', 'company', 'company-3']);
    expect(stored[1]).toEqual({
      id: 'company',
      label: 'Employer',
      kind: 'text',
      options: null,
      required: true,
    });
  });

  it('keeps options on choice questions only', () => {
    const [choice, box] = questionsOf([
      { label: 'Size', kind: 'choice', options: [' S ', 'M'] },
      { label: 'Terms', kind: 'checkbox', required: true },
    ]);
    expect(choice.options).toEqual(['S', 'M']);
    expect(box.options).toBeNull();
  });

  it('refuses repeated ids, choices without two distinct options, options elsewhere', () => {
    expect(questionProblems([{ label: 'Size', kind: 'choice', options: ['S', 'M'] }])).toEqual({});
    const { questions } = questionProblems([
      { id: 'a', label: 'A', kind: 'text' },
      { id: 'a', label: 'B', kind: 'choice', options: ['only'] },
      { label: 'C', kind: 'choice', options: ['x', ' x'] },
      { label: 'D', kind: 'checkbox', options: ['y'] },
    ]);
    expect(questions).toEqual([
      'question ids must differ: a',
      'question 2 (choice) needs at least 2 options',
      "question 3's options must differ",
      'question 4 (checkbox) takes no options',
    ]);
  });
});
