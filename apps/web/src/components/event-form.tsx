import { type FormEvent, useState } from 'react';
import type { components } from '../api/event-service';
import { fieldErrors } from '../api/client';
import { instantToZoned, zonedToInstant } from '@evently/time';
import { fieldText } from '../form';
import { toMinorUnits } from '@evently/money';
import { FieldError, formMessage } from './field-error';
import { onSaleBody, OnSaleField } from './on-sale-field';
import { questionRowOf, QuestionsField, questionsBody, type QuestionRow } from './questions-field';
import { rowOf, TicketTypesField, type TypeRow } from './ticket-types-field';
import { browserZone, zonesWith } from './zones';

type Event = components['schemas']['EventDto'];
export type EventBody = components['schemas']['CreateEventDto'];

interface Section {
  name: string;
  rows: string;
  seatsPerRow: string;
  ticketTypeId?: string;
}

/**
 * Creates or edits an event. Everything is sent as typed and the API decides: its validation messages
 * (`details.fields`) are shown next to the fields they name.
 */
export function EventForm({
  event,
  submitLabel,
  onSubmit,
}: {
  event?: Event;
  submitLabel: string;
  onSubmit(body: EventBody): Promise<{ error?: unknown }>;
}) {
  const [seated, setSeated] = useState(Boolean(event?.seating));
  const [sections, setSections] = useState<Section[]>(
    event?.seating?.sections.map((s) => ({
      name: s.name,
      rows: String(s.rows),
      seatsPerRow: String(s.seatsPerRow),
      ticketTypeId: (s as { ticketTypeId?: string }).ticketTypeId,
    })) ?? [{ name: 'A', rows: '5', seatsPerRow: '10' }],
  );
  const [timeZone, setTimeZone] = useState(event?.timeZone ?? browserZone());
  const [currency, setCurrency] = useState(event?.ticketTypes[0]?.price.currency ?? 'EUR');
  const [types, setTypes] = useState<TypeRow[]>(
    event?.ticketTypes.map(rowOf) ?? [{ name: 'General admission', price: '0', quota: '', hidden: false }],
  );
  const [questions, setQuestions] = useState<QuestionRow[]>(event?.questions.map(questionRowOf) ?? []);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => fieldText(form, name).trim();
    const number = (value: string) => (value === '' ? Number.NaN : Number(value));
    const description = text('description');
    const address = text('address');
    const reminders = text('reminders');
    const body = {
      title: text('title'),
      description: description === '' ? (event ? null : undefined) : description,
      venue: {
        name: text('venueName'),
        city: text('city'),
        address: address === '' ? (event ? null : undefined) : address,
      },
      startsAt: zonedToInstant(text('startsAt'), timeZone),
      endsAt: zonedToInstant(text('endsAt'), timeZone),
      timeZone,
      ticketTypes: types.map((t) => ({
        ...(t.stored && {
          id: t.stored.id,
          description: t.stored.description,
          salesStart: t.stored.salesStart,
          salesEnd: t.stored.salesEnd,
          maxPerOrder: t.stored.maxPerOrder,
        }),
        name: t.name.trim(),
        price: { amount: toMinorUnits(t.price, currency), currency },
        quota: t.quota.trim() === '' ? null : number(t.quota.trim()),
        hidden: t.hidden,
      })),
      questions: questionsBody(questions),
      visibility: text('visibility') as EventBody['visibility'],
      reminders: reminders === '' ? [] : reminders.split(',').map((m) => number(m.trim())),
      refundWindowHours: text('refundWindow') === '' ? null : number(text('refundWindow')),
      onSale: onSaleBody(form, timeZone),
      waitlist: { enabled: form.get('waitlistEnabled') === 'on', offerMinutes: number(text('offerMinutes')) },
      ...(seated
        ? {
            seating: {
              sections: sections.map((s) => ({
                name: s.name.trim(),
                rows: number(s.rows),
                seatsPerRow: number(s.seatsPerRow),
                ...(s.ticketTypeId && types.some((t) => t.stored?.id === s.ticketTypeId)
                  ? { ticketTypeId: s.ticketTypeId }
                  : {}),
              })),
            },
          }
        : { capacity: number(text('capacity')) }),
    } as EventBody;
    setBusy(true);
    const { error } = await onSubmit(body);
    setBusy(false);
    setErrors(fieldErrors(error));
    setMessage(formMessage(error));
  };

  const setSection = (index: number, change: Partial<Section>) =>
    setSections((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));

  return (
    <form className="card wide" onSubmit={(e) => void submit(e)} noValidate>
      <label>
        Title <input name="title" defaultValue={event?.title} />
        <FieldError errors={errors} path="title" />
      </label>
      <label>
        Description <textarea name="description" rows={3} defaultValue={event?.description ?? ''} />
        <FieldError errors={errors} path="description" />
      </label>
      <fieldset>
        <legend>Venue</legend>
        <label>
          Venue name <input name="venueName" defaultValue={event?.venue.name} />
          <FieldError errors={errors} path="venue.name" />
        </label>
        <label>
          City <input name="city" defaultValue={event?.venue.city} />
          <FieldError errors={errors} path="venue.city" />
        </label>
        <label>
          Address <input name="address" defaultValue={event?.venue.address ?? ''} />
          <FieldError errors={errors} path="venue.address" />
        </label>
        <FieldError errors={errors} path="venue" />
      </fieldset>
      <label>
        Time zone of the venue
        <select name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
          {zonesWith(timeZone).map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <FieldError errors={errors} path="timeZone" />
      </label>
      {(
        [
          ['startsAt', 'Starts'],
          ['endsAt', 'Ends'],
        ] as const
      ).map(([name, label]) => (
        <label key={name}>
          {label} ({timeZone.replaceAll('_', ' ')} time){' '}
          <input
            type="datetime-local"
            name={name}
            defaultValue={event && instantToZoned(event[name], event.timeZone)}
          />
          <FieldError errors={errors} path={name} />
        </label>
      ))}
      <fieldset>
        <legend>Places</legend>
        <label className="inline">
          <input
            type="radio"
            name="kind"
            checked={!seated}
            onChange={() => setSeated(false)}
            disabled={Boolean(event && event.status !== 'draft')}
          />{' '}
          General admission
        </label>
        <label className="inline">
          <input
            type="radio"
            name="kind"
            checked={seated}
            onChange={() => setSeated(true)}
            disabled={Boolean(event && event.status !== 'draft')}
          />{' '}
          Reserved seating
        </label>
        {!seated && (
          <label>
            Capacity <input type="number" name="capacity" min={1} defaultValue={event?.capacity ?? 100} />
            <FieldError errors={errors} path="capacity" />
          </label>
        )}
        {seated && (
          <div className="sections">
            {sections.map((s, i) => (
              <div key={i} className="section-row" data-section={i}>
                <label>
                  Section <input value={s.name} onChange={(e) => setSection(i, { name: e.target.value })} />
                </label>
                <label>
                  Rows{' '}
                  <input
                    type="number"
                    min={1}
                    value={s.rows}
                    onChange={(e) => setSection(i, { rows: e.target.value })}
                  />
                </label>
                <label>
                  Seats per row{' '}
                  <input
                    type="number"
                    min={1}
                    value={s.seatsPerRow}
                    onChange={(e) => setSection(i, { seatsPerRow: e.target.value })}
                  />
                </label>
                {sections.length > 1 && (
                  <button type="button" onClick={() => setSections((all) => all.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                )}
              </div>
            ))}
            <button
              type="button"
              onClick={() =>
                setSections((all) => [
                  ...all,
                  { name: String.fromCharCode(65 + all.length), rows: '5', seatsPerRow: '10' },
                ])
              }
            >
              Add a section
            </button>
            <FieldError errors={errors} path="seating" />
          </div>
        )}
      </fieldset>
      <TicketTypesField
        types={types}
        setTypes={setTypes}
        currency={currency}
        setCurrency={setCurrency}
        errors={errors}
        fixed={Boolean(event && event.status !== 'draft')}
      />
      <QuestionsField rows={questions} setRows={setQuestions} errors={errors} />
      <label>
        Visibility
        <select name="visibility" defaultValue={event?.visibility ?? 'public'}>
          <option value="public">public</option>
          <option value="private">private (invited guests only)</option>
        </select>
        <FieldError errors={errors} path="visibility" />
      </label>
      <label>
        Reminders (minutes before the start, comma-separated)
        <input name="reminders" defaultValue={(event?.reminders ?? [1440, 60]).join(', ')} />
        <FieldError errors={errors} path="reminders" />
      </label>
      <label>
        Attendees may cancel paid bookings for a full refund until (hours before the start; empty: never)
        <input type="number" name="refundWindow" min={0} defaultValue={event?.refundWindowHours ?? ''} />
        <FieldError errors={errors} path="refundWindowHours" />
      </label>
      <OnSaleField event={event} timeZone={timeZone} errors={errors} />
      <fieldset>
        <legend>Waiting list</legend>
        <label className="inline">
          <input type="checkbox" name="waitlistEnabled" defaultChecked={event?.waitlist.enabled ?? true} />{' '}
          Take waiting-list entries when sold out
        </label>
        <label>
          Offer held for (minutes)
          <input
            type="number"
            name="offerMinutes"
            min={1}
            defaultValue={event?.waitlist.offerMinutes ?? 30}
          />
          <FieldError errors={errors} path="waitlist" />
        </label>
      </fieldset>
      {message && <p role="alert">{message}</p>}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
