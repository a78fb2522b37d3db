// Webhooks in the dashboard: an organizer adds one (its secret shown once), test-sends it, sees its deliveries
// and retries one; the receiver, started here, verifies every signature.
import AxeBuilder from '@axe-core/playwright';
import { shoot, signIn, signOut, useDashboard } from '@evently/testing/browser';
import { api, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { Receiver, startReceiver } from '@evently/testing/webhook-receiver';

describe('webhooks page (Chromium)', () => {
  const dashboard = useDashboard();
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('adds a webhook, test-sends it, lists its deliveries and retries one', async () => {
    const page = dashboard.page;
    const organizer = await registeredCaller('organizer', 'Hugo Hooks');
    await signIn(page, organizer.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByLabel('URL').fill('ftp://nope.example');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('alert').getByText('url must be http or https').waitFor();

    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    const card = page.locator('[data-webhook]');
    await card.getByRole('button', { name: 'Send a test' }).click();
    await card.getByTestId('test-result').getByText('Test delivered: 200').waitFor();
    expect(receiver.received[0]).toMatchObject({ type: 'webhook.test' });

    await onSaleEvent(organizer, { capacity: 10 });
    await eventually(() => receiver.received.find((r) => r.type === 'event.published'), 15_000, 'the event');
    await page.reload();
    const row = page.locator('[data-webhook] tr[data-delivery="1"]');
    await row.getByText('delivered').waitFor();
    await row.getByRole('button', { name: 'Retry #1' }).click();
    await page.getByText('Queued again').first().waitFor();
    await eventually(
      () => receiver.received.filter((r) => r.seq === 1).length === 2 || undefined,
      10_000,
      'the retry',
    );
    const [first, again] = receiver.received.filter((r) => r.seq === 1);
    expect(again.id).toBe(first.id);
    expect(receiver.forged).toBe(0);
    await shoot(page, 'webhooks');
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await signOut(page);
  });

  it('shows an event’s activity from the audit log, with the fields changed', async () => {
    const page = dashboard.page;
    const organizer = await registeredCaller('organizer', 'Ada Activity');
    const event = await onSaleEvent(organizer, { title: 'Before', capacity: 10 });
    const current = (await api('GET', `/events/${event.id}`, { caller: organizer })).json() as {
      version: number;
    };
    const renamed = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      headers: { 'if-match': `"${current.version}"` },
      body: { title: 'After' },
    });
    expect(renamed.status).toBe(200);
    await eventually(
      async () =>
        (
          (await api('GET', `/audit?eventId=${event.id}`, { caller: organizer })).json() as {
            items: unknown[];
          }
        ).items.length >= 2 || undefined,
      10_000,
      'the audit entries',
    );
    await signIn(page, organizer.email);
    await page.goto(`/organizer/events/${event.id}`);
    await page.getByRole('tab', { name: 'Activity' }).click();
    const row = page.getByTestId('activity').locator('tr[data-action="event.updated"]');
    await row.getByText('title: Before → After').waitFor();
    await page.getByTestId('activity').locator('tr[data-action="event.published"]').waitFor();
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await signOut(page);
  });
});
