import { useState } from 'react';
import { bookings, describe, fieldErrors } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { Button, SelectField, TextField, useToast } from '../ui';

type Ticket = bookingSchemas['schemas']['TicketDto'];
type Question = eventSchemas['schemas']['QuestionViewDto'];
type Answer = string | boolean;

/**
 * One ticket's attendee: their name and the event's questions (text, a choice, a box to tick), saved
 * together; the API's refusals are shown beside the fields they name.
 */
export function AttendeeForm({
  ticket,
  questions,
  onSaved,
}: {
  ticket: Ticket;
  questions: Question[];
  onSaved(): Promise<void>;
}) {
  const toast = useToast();
  const [name, setName] = useState(ticket.attendeeName ?? '');
  const [answers, setAnswers] = useState<Record<string, Answer>>(ticket.answers as Record<string, Answer>);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const set = (id: string, value: Answer) => setAnswers((all) => ({ ...all, [id]: value }));
  const errorOf = (id: string) => errors[`answers.${id}`]?.join('; ');

  const save = async () => {
    const given: Record<string, Answer | null> = {};
    for (const q of questions) {
      const value = answers[q.id];
      given[q.id] = value === undefined || value === '' ? (q.kind === 'checkbox' ? false : null) : value;
    }
    const { error } = await bookings.PATCH('/api/v1/tickets/{id}', {
      params: { path: { id: ticket.id } },
      body: { attendeeName: name.trim() || null, ...(questions.length > 0 && { answers: given }) },
    });
    setErrors(fieldErrors(error));
    setFailure(error && Object.keys(fieldErrors(error)).length === 0 ? describe(error) : null);
    if (error) return;
    toast('Attendee saved');
    await onSaved();
  };

  return (
    <div className="stack" data-testid="attendee-form">
      <TextField
        label="Attendee"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.attendeeName?.join('; ')}
      />
      {questions.map((q) => {
        const label = `${q.label}${q.required ? ' (required)' : ''}`;
        if (q.kind === 'choice') {
          return (
            <SelectField
              key={q.id}
              label={label}
              value={(answers[q.id] as string | undefined) ?? ''}
              onChange={(e) => set(q.id, e.target.value)}
              error={errorOf(q.id)}
            >
              <option value="">—</option>
              {(q.options ?? []).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </SelectField>
          );
        }
        if (q.kind === 'checkbox') {
          return (
            <label key={q.id} className="inline">
              <input
                type="checkbox"
                checked={answers[q.id] === true}
                onChange={(e) => set(q.id, e.target.checked)}
                aria-invalid={errorOf(q.id) ? true : undefined}
              />{' '}
              {label}
              {errorOf(q.id) && (
                <span className="field-error" role="alert">
                  {errorOf(q.id)}
                </span>
              )}
            </label>
          );
        }
        return (
          <TextField
            key={q.id}
            label={label}
            value={(answers[q.id] as string | undefined) ?? ''}
            onChange={(e) => set(q.id, e.target.value)}
            error={errorOf(q.id)}
          />
        );
      })}
      {failure && (
        <span className="field-error" role="alert">
          {failure}
        </span>
      )}
      <Button size="small" onClick={() => void save()}>
        Save
      </Button>
    </div>
  );
}
