// Questions per event, answered per ticket: event-service keeps them on the event (ids from labels), its
// facts carry them to booking-service, which checks each answer against them and exports them as columns.
import {
  api,
  availabilityWhen,
  book,
  createEvent,
  makeCaller,
  registeredCaller,
} from '@evently/testing/evently-api';
import { expectError } from '@evently/testing/gateway-client';
import { eventually } from '@evently/testing/eventually';
import { ticketsOf } from './tickets.helpers';

const QUESTIONS = [
  { label: 'Company', kind: 'text' },
  { label: 'T-shirt size', kind: 'choice', options: ['S', 'M', 'L'], required: true },
  { id: 'terms', label: 'I accept the house rules', kind: 'checkbox', required: true },
];

describe('ticket answers', () => {
  const organizer = makeCaller('organizer');

  it('refuses malformed questions with the field named', async () => {
    const res = await api('POST', '/events', {
      caller: organizer,
      body: {
        title: 'Bad questions',
        venue: { name: 'Hall', city: 'Porto' },
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90_000_000).toISOString(),
        timeZone: 'Europe/Lisbon',
        capacity: 10,
        questions: [{ label: 'Size', kind: 'choice', options: ['S'] }],
      },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.json())).toContain('needs at least 2 options');
    expectError(
      await api('POST', '/events', {
        caller: organizer,
        body: { questions: [{ label: 'x', kind: 'essay' }] },
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('are checked against the event’s questions, kept per ticket, and exported as columns', async () => {
    const draft = await createEvent(organizer, { questions: QUESTIONS });
    expect((draft as unknown as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual([
      'company',
      't-shirt-size',
      'terms',
    ]);
    expect((await api('POST', `/events/${draft.id}/publish`, { caller: organizer })).status).toBe(200);
    const event = draft;
    await availabilityWhen(event.id);
    const buyer = await registeredCaller('customer', 'Quinn Questioner');
    const booked = await book(buyer, { eventId: event.id, quantity: 2 });
    expect(booked.status).toBe(201);
    const bookingId = (booked.json() as { id: string }).id;
    const [first, second] = await ticketsOf(buyer, bookingId);

    // Wrong answers are refused question by question, and nothing is written.
    const wrong = await api('PATCH', `/tickets/${first.id}`, {
      caller: buyer,
      body: { attendeeName: 'Ada', answers: { 't-shirt-size': 'XXL', company: 7, shoe: '42' } },
    });
    expectError(wrong, 400, 'VALIDATION_FAILED');
    expect((wrong.json() as { details: { fields: Record<string, string[]> } }).details.fields).toEqual({
      'answers.t-shirt-size': ['must be one of: S, M, L'],
      'answers.company': ['must be text'],
      'answers.shoe': ['the event asks no such question'],
      'answers.terms': ['"I accept the house rules" must be ticked'],
    });
    expect((await ticketsOf(buyer, bookingId))[0]).toMatchObject({ attendeeName: null, answers: {} });

    // Right ones are kept; a later change merges over them, null clears one.
    const named = await api('PATCH', `/tickets/${first.id}`, {
      caller: buyer,
      body: { attendeeName: 'Ada', answers: { company: '=cmd|calc', 't-shirt-size': 'M', terms: true } },
    });
    expect(named.status).toBe(200);
    const changed = await api('PATCH', `/tickets/${first.id}`, {
      caller: buyer,
      body: { answers: { 't-shirt-size': 'L', company: null } },
    });
    expect(changed.json()).toMatchObject({
      attendeeName: 'Ada',
      answers: { 't-shirt-size': 'L', terms: true },
    });
    // A required question cannot be cleared.
    expectError(
      await api('PATCH', `/tickets/${first.id}`, { caller: buyer, body: { answers: { terms: false } } }),
      400,
      'VALIDATION_FAILED',
    );
    await api('PATCH', `/tickets/${second.id}`, {
      caller: buyer,
      body: { answers: { company: '=HYPERLINK("x")', 't-shirt-size': 'S', terms: true } },
    });

    // The export has a column per question, in order, with the answers (formulas neutralised).
    const csv = (await api('GET', `/events/${event.id}/attendees.csv`, { caller: organizer })).text();
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'ticket_id,attendee,holder,holder_email,ticket_type,seat,status,checked_in_at,Company,T-shirt size,I accept the house rules',
    );
    expect(rows.find((r) => r.startsWith(first.id))).toMatch(/,Ada,Quinn Questioner,.*,,L,yes$/);
    expect(rows.find((r) => r.startsWith(second.id))).toMatch(/,"'=HYPERLINK\(""x""\)",S,yes$/);

    // A question added later reaches booking-service with the event's next fact and can be answered.
    const current = (await api('GET', `/events/${event.id}`, { caller: organizer })).json() as {
      version: number;
      questions: unknown[];
    };
    const updated = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      headers: { 'if-match': `"${current.version}"` },
      body: { questions: [...current.questions, { label: 'Diet', kind: 'text' }] },
    });
    expect(updated.status).toBe(200);
    await eventually(
      async () => {
        const res = await api('PATCH', `/tickets/${second.id}`, {
          caller: buyer,
          body: { answers: { diet: 'vegan' } },
        });
        return res.status === 200 ? res : undefined;
      },
      10_000,
      'the new question to reach booking-service',
    );
  });
});
