// The on-sale queue in the dashboard: the organizer opens a sale through a queue in the event form; a visitor
// joins before the opening on the event page, waits on the waiting screen (their place drawn at the opening,
// pushed live), and books with their pass once it is their turn.
import AxeBuilder from '@axe-core/playwright';
import { shoot, signIn, signOut, useDashboard } from '@evently/testing/browser';
import { api, Caller, EventBody, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { queryServiceDb } from '@evently/testing/service-db';
import { randomUUID } from 'node:crypto';

describe('on-sale queue (Chromium)', () => {
  const dashboard = useDashboard();

  it('is set in the event form', async () => {
    const page = dashboard.page;
    const organizer = await registeredCaller('organizer', 'Olga Opening');
    await signIn(page, organizer.email);
    await page.goto('/organizer');
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByLabel('Title').fill(`Arena night ${randomUUID().slice(0, 8)}`);
    await page.getByLabel('Venue name').fill('Arena');
    await page.getByLabel('City', { exact: true }).fill('Lisbon');
    await page.getByLabel('Time zone').selectOption('Europe/Lisbon');
    await page.getByLabel('Starts').fill('2027-05-05T20:00');
    await page.getByLabel('Ends').fill('2027-05-05T23:00');
    await page.getByLabel('Capacity').fill('5000');
    await page.getByLabel(/^Sale opens/).fill('2027-02-01T10:00');
    await page.getByLabel(/Open through a queue/).check();
    await page.getByLabel(/^Admit per minute/).fill('600');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/organizer\/events\/[0-9a-f-]{36}$/);
    const eventId = page.url().split('/').pop()!;
    const stored = (await api('GET', `/events/${eventId}`, { caller: organizer })).json() as {
      onSale: unknown;
    };
    // 10:00 in Lisbon in February is 10:00 UTC.
    expect(stored.onSale).toEqual({
      queue: true,
      opensAt: '2027-02-01T10:00:00.000Z',
      admitPerMinute: 600,
      passMinutes: 10,
    });
    await signOut(page);
  });

  it('lets a visitor join, wait live, and book with the pass when it is their turn', async () => {
    const page = dashboard.page;
    const organizer = await registeredCaller('organizer');
    // The sale opens in ten minutes, so a slow sign-in cannot find it open already; once the visitor waits,
    // the organizer brings the opening forward. One a minute at first: the visitor waits at place 1 until
    // the organizer speeds the queue up.
    const event = await onSaleEvent(organizer, {
      capacity: 20,
      onSale: { queue: true, opensAt: new Date(Date.now() + 600_000).toISOString(), admitPerMinute: 1 },
    });
    const visitor = await registeredCaller('customer', 'Vera Visitor');
    await signIn(page, visitor.email);
    await page.goto(`/events/${event.id}`);
    const gate = page.getByTestId('queue-gate');
    await gate.getByText('random place when it opens').waitFor();
    await gate.getByRole('button', { name: 'Join the queue' }).click();
    await page.getByTestId('queue-waiting').getByText('Places are drawn at random').waitFor();
    const opensAt = new Date(Date.now() + 1_000).toISOString();
    await changeOnSale(organizer, event.id, { queue: true, opensAt, admitPerMinute: 1 });
    await page.getByTestId('queue-position').getByText('1', { exact: true }).waitFor({ timeout: 15_000 });
    await shoot(page, 'queue-waiting');
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    await changeOnSale(organizer, event.id, { queue: true, opensAt, admitPerMinute: 6000 });
    const admitted = page.getByTestId('queue-admitted');
    await admitted.getByText('It’s your turn').waitFor({ timeout: 15_000 });
    await admitted.getByRole('button', { name: 'Book' }).click();
    await page.getByText('Booked: 1 ticket(s)').waitFor();
    await eventually(
      async () => {
        const [row] = await queryServiceDb<{ used: boolean }>(
          'booking-service',
          `SELECT used_at IS NOT NULL AS used FROM queue_entries WHERE event_id = $1 AND user_id = $2`,
          [event.id, visitor.id],
        );
        return row?.used || undefined;
      },
      5_000,
      'the pass used',
    );
    await signOut(page);
  });
});

async function changeOnSale(
  organizer: Caller,
  eventId: string,
  onSale: Record<string, unknown>,
): Promise<void> {
  const current = (await api('GET', `/events/${eventId}`, { caller: organizer })).json() as EventBody;
  const changed = await api('PATCH', `/events/${eventId}`, {
    caller: organizer,
    headers: { 'if-match': `"${current.version}"` },
    body: { onSale },
  });
  expect(changed.status).toBe(200);
}
