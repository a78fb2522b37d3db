// The live RSVP demo (npm run demo), against a running stack (npm run stack): a host and N guests with
// personas, real accounts, real services and RabbitMQ in between. The host publishes an event and invites
// everyone; each guest listens on its own notification stream and answers when the invitation arrives; the
// host watches its stream, prints each answer as it lands, then the summary at the deadline. Exits 0 only
// if the summary matches what the personas did.
//
//   npm run demo -- [--guests 8] [--deadline 20] [--gateway http://localhost:8080]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fail, gatewayClient, Person, Persona, say } from './demo-gateway';

const { values: options } = parseArgs({
  options: {
    guests: { type: 'string', default: '8' },
    deadline: { type: 'string', default: '20' },
    gateway: { type: 'string', default: 'http://localhost:8080' },
  },
});
const GUESTS = Number(options.guests);
const DEADLINE_SECONDS = Number(options.deadline);
const gateway = new URL(options.gateway);
if (!Number.isInteger(GUESTS) || GUESTS < 1 || GUESTS > 100) fail('--guests must be 1..100');
if (!Number.isInteger(DEADLINE_SECONDS) || DEADLINE_SECONDS < 5 || DEADLINE_SECONDS > 3600) {
  fail('--deadline must be 5..3600 seconds');
}

const PERSONAS: Persona[] = ['eager', 'busy', 'unsure', 'plus-one', 'silent'];
const NAMES = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jon', 'Kim', 'Lou'];

const { call, expectStatus, listen, newAddress, signUp, sleep } = gatewayClient(gateway);

async function main(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  say(
    'demo',
    `${GUESTS} guests, answers close ${DEADLINE_SECONDS} s after the invitations, gateway ${gateway.origin}`,
  );
  const host: Person = {
    label: 'host',
    name: 'Hana Host',
    email: `host-${run}@demo.evently.test`,
    address: newAddress(),
    answers: [],
  };
  const guests: Person[] = Array.from({ length: GUESTS }, (_, i) => {
    const persona = PERSONAS[i % PERSONAS.length];
    const name = `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
    return {
      label: `${name} (${persona})`,
      name,
      persona,
      email: `guest-${i + 1}-${run}@demo.evently.test`,
      address: newAddress(),
      answers: [],
    };
  });
  await signUp(host, 'organizer');
  await Promise.all(guests.map((g) => signUp(g, 'customer')));
  say('demo', `registered the host and ${GUESTS} guests`);

  // The host's stream: each answer as it lands, then the summary.
  let summary: Record<string, unknown> | undefined;
  let summaryAt = 0;
  const stops: (() => void)[] = [];
  stops.push(
    await listen(host, (notice) => {
      if (notice.type === 'rsvp_received') {
        const d = notice.data;
        say(
          'host',
          `sees ${String(d.name ?? d.email)} answered ${String(d.response)}${Number(d.plusOnes) > 0 ? ` +${String(d.plusOnes)}` : ''}`,
        );
      } else if (notice.type === 'rsvp_summary') {
        summary = notice.data;
        summaryAt = Date.now();
        say(
          'host',
          `got the summary (${String(notice.data.reason) === 'deadline' ? 'at the deadline' : 'everyone answered'})`,
        );
      }
    }),
  );

  // Each guest answers on its own stream, when its invitation arrives.
  for (const guest of guests) {
    stops.push(
      await listen(guest, (notice) => {
        if (notice.type !== 'invitation') return;
        const id = String(notice.data.invitationId);
        say(guest.label, `got the invitation`);
        void respond(guest, id);
      }),
    );
  }

  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const event = await expectStatus(
    call(host, 'POST', '/events', {
      title: `Garden party ${run}`,
      description: 'The Evently RSVP demo',
      venue: { name: 'Rose Garden', city: 'Lisbon' },
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
      timeZone: 'Europe/Lisbon',
      capacity: 100,
    }),
    201,
    'create the event',
  );
  const eventId = event.id as string;
  await expectStatus(call(host, 'POST', `/events/${eventId}/publish`), 200, 'publish the event');
  say('host', `published "Garden party ${run}"`);
  // booking-service learns of the event from its event.published fact.
  for (let i = 0; (await call(null, 'GET', `/availability/${eventId}`)).status !== 200; i++) {
    if (i > 100) fail('booking-service did not put the event on sale within 10 s');
    await sleep(100);
  }
  const rsvpBy = new Date(Date.now() + DEADLINE_SECONDS * 1000);
  const invited = await expectStatus(
    call(host, 'POST', '/invitations', {
      eventId,
      guests: guests.map((g) => ({ email: g.email, name: g.name })),
      message: 'Drinks in the garden. Say if you bring someone!',
      rsvpBy: rsvpBy.toISOString(),
      plusOnesAllowed: 1,
    }),
    201,
    'invite the guests',
  );
  say('host', `invited ${(invited.items as unknown[]).length} guests, answers by ${rsvpBy.toISOString()}`);

  for (const end = Date.now() + DEADLINE_SECONDS * 1000 + 30_000; !summary && Date.now() < end;)
    await sleep(100);
  stops.forEach((stop) => stop());
  if (!summary) fail('no summary arrived within 30 s of the deadline');
  process.exit(report(summary, guests, summaryAt) ? 0 : 1);
}

async function respond(guest: Person, invitationId: string): Promise<void> {
  const answer = async (response: string, plusOnes = 0) => {
    const reply = await call(guest, 'POST', `/invitations/${invitationId}/rsvp`, { response, plusOnes });
    if (reply.status !== 200)
      return say(guest.label, `could not answer ${response}: ${reply.status} ${String(reply.body.code)}`);
    guest.answers.push({ response, plusOnes, at: Date.now() });
    say(guest.label, `answered ${response}${plusOnes ? ` +${plusOnes}` : ''}`);
  };
  switch (guest.persona) {
    case 'eager':
      return answer('yes');
    case 'busy':
      await sleep(300 + Math.random() * 700);
      return answer('no');
    case 'unsure':
      await answer('maybe');
      await sleep(1500);
      return answer('yes');
    case 'plus-one':
      await sleep(200 + Math.random() * 500);
      return answer('yes', 1);
    case 'silent':
      say(guest.label, 'stays silent');
  }
}

/** The counts the personas' answers make as of `upTo` (ms since the epoch). */
function countsAt(guests: Person[], upTo: number): Record<string, number> {
  const latest = guests.map((g) => g.answers.filter((a) => a.at <= upTo).at(-1) ?? [...g.answers].shift());
  return {
    invited: guests.length,
    yes: latest.filter((a) => a?.response === 'yes').length,
    no: latest.filter((a) => a?.response === 'no').length,
    maybe: latest.filter((a) => a?.response === 'maybe').length,
    pending: latest.filter((a) => !a).length,
    attending: latest.filter((a) => a?.response === 'yes').reduce((n, a) => n + 1 + a!.plusOnes, 0),
  };
}

/**
 * Prints the summary against what the personas answered as of the moment it was made; true if equal. Made
 * at the deadline: every answer counts. Made when the last guest answered: the answers as of some moment
 * between then and its arrival here (a guest changing their mind meanwhile is not in it, and when exactly
 * the service counted is not in the message), so each such moment is a candidate.
 */
function report(summary: Record<string, unknown>, guests: Person[], summaryAt: number): boolean {
  const same = (counts: Record<string, number>) =>
    Object.entries(counts).every(([k, v]) => Number(summary[k]) === v);
  let expected = countsAt(guests, Infinity);
  if (summary.reason !== 'deadline') {
    const answered = guests.filter((g) => g.answers.length > 0);
    const allAnsweredAt = Math.max(...answered.map((g) => g.answers[0].at));
    const moments = [
      allAnsweredAt,
      ...answered
        .flatMap((g) => g.answers.map((a) => a.at))
        .filter((t) => t > allAnsweredAt && t <= summaryAt),
    ].sort((x, y) => x - y);
    const candidates = moments.map((t) => countsAt(guests, t));
    expected = candidates.find(same) ?? candidates[candidates.length - 1];
  }
  process.stdout.write(`\nRSVP summary (${String(summary.reason)})\n`);
  process.stdout.write(`  ${'count'.padEnd(10)} ${'personas'.padStart(8)} ${'summary'.padStart(8)}\n`);
  for (const [key, want] of Object.entries(expected)) {
    const got = Number(summary[key]);
    process.stdout.write(
      `  ${key.padEnd(10)} ${String(want).padStart(8)} ${String(got).padStart(8)}${got === want ? '' : '   <- differs'}\n`,
    );
  }
  const matches = same(expected);
  process.stdout.write(
    matches ? '\nThe summary matches what the guests did.\n' : '\nThe summary does NOT match.\n',
  );
  return matches;
}

void main();
