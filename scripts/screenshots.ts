// `npm run screenshots`: every page of the dashboard at 1280 and 390 px wide, into apps/web/docs/ (the README
// shows them). Against a running stack (EVENTLY_STACK, default test): it registers an organizer and a guest,
// publishes a general-admission and a seated event, books and invites, then photographs each page as the
// person who would see it.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { fail, gatewayClient, Person } from './demo-gateway';
import { readStackEnv } from './stack-env';

const stack = process.env.EVENTLY_STACK ?? 'test';
const gateway = readStackEnv(stack)?.EVENTLY_GATEWAY_URL ?? fail(`no ${stack} stack is running`);
const docs = resolve(__dirname, '..', '..', 'apps', 'web', 'docs');

const client = gatewayClient(new URL(gateway));
const PASSWORD = `screens-${randomUUID()}`;

/** A person with an account, calling from an own loopback address (the sign-up limit is per address). */
async function person(role: 'organizer' | 'customer', name: string) {
  const someone: Person = {
    label: name,
    name,
    email: `${role}-${randomUUID().slice(0, 8)}@example.test`,
    address: client.newAddress(),
    answers: [],
  };
  await client.signUp(someone, role, PASSWORD);
  return someone;
}

/** A fresh session of `who` (each browser context gets its own: a refresh token is spent once). */
async function session(who: Person): Promise<{ accessToken: string; refreshToken: string }> {
  const body = await client.expectStatus(
    client.call(who, 'POST', '/auth/login', { email: who.email, password: PASSWORD }),
    200,
    'login',
  );
  return { accessToken: body.accessToken as string, refreshToken: body.refreshToken as string };
}

async function call<T>(who: Person, method: string, path: string, body?: unknown): Promise<T> {
  return (await client.expectStatus(
    client.call(who, method, path, body),
    method === 'POST' ? 201 : 200,
    path,
  )) as T;
}

const inDays = (days: number, hours = 19) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hours, 30, 0, 0);
  return at.toISOString();
};

async function publishedEvent(host: Person, body: Record<string, unknown>): Promise<string> {
  const { id } = await call<{ id: string }>(host, 'POST', '/events', {
    venue: { name: 'Harbour Hall', city: 'Lisbon', address: 'Rua do Cais 1' },
    startsAt: inDays(12),
    endsAt: inDays(12, 22),
    timeZone: 'Europe/Lisbon',
    description: 'An evening of fado by the river, with a short interval.',
    ...body,
  });
  await client.expectStatus(client.call(host, 'POST', `/events/${id}/publish`), 200, 'publish');
  // booking-service hears of it through RabbitMQ: wait until it is on sale there.
  for (let i = 0; i < 100; i++) {
    const { status, body } = await client.call(host, 'GET', `/availability/${id}`);
    if (status === 200 && body.bookable === true) return id;
    await client.sleep(100);
  }
  throw new Error(`event ${id} never went on sale in booking-service`);
}

/** Signs `who` in the way the dashboard keeps a session (its token pair in localStorage), with no login form. */
async function signIn(page: Page, tokens: { accessToken: string; refreshToken: string }): Promise<void> {
  await page.goto('/');
  await page.evaluate(`localStorage.setItem('evently.tokens', ${JSON.stringify(JSON.stringify(tokens))})`);
}

async function main(): Promise<void> {
  const host = await person('organizer', 'Olga Organizer');
  const guest = await person('customer', 'Gil Guest');
  const ga = await publishedEvent(host, { title: 'Fado by the river', capacity: 120 });
  const seated = await publishedEvent(host, {
    title: 'Chamber recital',
    seating: { sections: [{ name: 'A', rows: 3, seatsPerRow: 8 }] },
  });
  await call(guest, 'POST', '/bookings', { eventId: ga, quantity: 2 });
  await call(guest, 'POST', '/bookings', { eventId: seated, seats: ['A-1-4', 'A-1-5'] });
  await call(host, 'POST', '/invitations', {
    eventId: ga,
    guests: [{ email: guest.email, name: 'Gil' }],
  });

  mkdirSync(docs, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ baseURL: gateway, viewport: { width, height: 900 } });
      const page = await context.newPage();
      const shoot = async (path: string, name: string) => {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(600);
        await page.screenshot({ path: join(docs, `${name}-${width}.png`), fullPage: true });
      };
      await shoot(`/?q=${encodeURIComponent('fado recital')}`, 'events');
      await shoot(`/events/${ga}`, 'event');
      await shoot('/login', 'sign-in');
      await signIn(page, await session(guest));
      await shoot(`/events/${seated}`, 'seat-map');
      await shoot('/bookings', 'bookings');
      await shoot('/tickets', 'tickets');
      await shoot('/invitations', 'invitations');
      await shoot('/notifications', 'notifications');
      await shoot('/waitlist', 'waitlist');
      await shoot('/account', 'account');
      await page
        .getByRole('button', { name: 'Sign out' })
        .click({ trial: width < 600 })
        .catch(() => undefined);
      await page.evaluate('localStorage.clear()');
      await signIn(page, await session(host));
      await shoot('/organizer', 'organizer');
      await shoot(`/organizer/events/${ga}`, 'organizer-event');
      await shoot(`/door/${ga}`, 'door');
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`screenshots of ${gateway} written to ${docs}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
