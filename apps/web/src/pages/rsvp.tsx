import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import { fieldText } from '../form';

/** Answers an invitation with the token of the emailed link: no account needed. */
export function RsvpPage() {
  const { token } = useParams<{ token: string }>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const response = fieldText(form, 'response') as 'yes' | 'no' | 'maybe';
    const comment = fieldText(form, 'comment');
    const { data, error } = await bookings.POST('/api/v1/invitations/rsvp', {
      body: {
        token: token!,
        response,
        plusOnes: response === 'yes' ? Number(form.get('plusOnes') || 0) : 0,
        ...(comment ? { comment } : {}),
      },
    });
    if (error || !data) setResult({ ok: false, text: describe(error) });
    else setResult({ ok: true, text: `Thank you: your answer "${data.status}" is recorded.` });
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card narrow">
      <h1>Your invitation</h1>
      <fieldset>
        <legend>Will you come?</legend>
        {(['yes', 'no', 'maybe'] as const).map((answer) => (
          <label key={answer} className="inline">
            <input type="radio" name="response" value={answer} required /> {answer}
          </label>
        ))}
      </fieldset>
      <label>
        Guests you bring{' '}
        <input type="number" name="plusOnes" min={0} max={5} defaultValue={0} aria-label="Plus-ones" />
      </label>
      <label>
        Comment <input name="comment" maxLength={500} aria-label="Comment" />
      </label>
      <button type="submit">Send answer</button>
      {result && <p role={result.ok ? 'status' : 'alert'}>{result.text}</p>}
    </form>
  );
}
