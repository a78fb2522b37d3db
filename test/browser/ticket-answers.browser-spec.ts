// Questions per attendee in the dashboard: the organizer asks them in the event form (a choice needs its
// options: the API's message stands beside them), and a holder answers them per ticket on My tickets, where a
// required box left unticked is refused beside it.
import AxeBuilder from '@axe-core/playwright';
import { signIn, signOut, useDashboard } from '@evently/testing/browser';
import { api, availabilityWhen, book, registeredCaller } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';

describe('attendee questions (Chromium)', () => {
  const dashboard = useDashboard();

  it('are asked in the event form and answered per ticket', async () => {
    const page = dashboard.page;
    const organizer = await registeredCaller('organizer', 'Quentin Questions');
    await signIn(page, organizer.email);
    await page.goto('/organizer');
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByLabel('Title').fill(`Workshop ${randomUUID().slice(0, 8)}`);
    await page.getByLabel('Venue name').fill('Loft');
    await page.getByLabel('City', { exact: true }).fill('Braga');
    await page.getByLabel('Time zone').selectOption('Europe/Lisbon');
    await page.getByLabel('Starts').fill('2027-05-05T10:00');
    await page.getByLabel('Ends').fill('2027-05-05T17:00');
    await page.getByLabel('Capacity').fill('30');

    const questions = page.getByTestId('questions');
    await questions.getByRole('button', { name: 'Add a question' }).click();
    const size = questions.locator('[data-question-row="0"]');
    await size.getByLabel('Question').fill('T-shirt size');
    await size.getByLabel('Answer').selectOption('choice');
    await size.getByLabel('Options (comma-separated)').fill('M');
    await size.getByLabel('Required').check();
    await questions.getByRole('button', { name: 'Add a question' }).click();
    const terms = questions.locator('[data-question-row="1"]');
    await terms.getByLabel('Question').fill('I accept the house rules');
    await terms.getByLabel('Answer').selectOption('checkbox');
    await terms.getByLabel('Required').check();
    await page.getByRole('button', { name: 'Create draft' }).click();
    // One option is no choice: the API says so beside the questions.
    await questions
      .locator('.field-error[data-field="questions"]')
      .getByText('needs at least 2 options')
      .waitFor();
    await size.getByLabel('Options (comma-separated)').fill('S, M, L');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/organizer\/events\/[0-9a-f-]{36}$/);
    const eventId = page.url().split('/').pop()!;
    const stored = (await api('GET', `/events/${eventId}`, { caller: organizer })).json() as {
      questions: unknown[];
    };
    expect(stored.questions).toEqual([
      { id: 't-shirt-size', label: 'T-shirt size', kind: 'choice', options: ['S', 'M', 'L'], required: true },
      {
        id: 'i-accept-the-house-rules',
        label: 'I accept the house rules',
        kind: 'checkbox',
        options: null,
        required: true,
      },
    ]);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('status').getByText('published').waitFor();
    await availabilityWhen(eventId);
    await signOut(page);

    const buyer = await registeredCaller('customer', 'Rui Respondent');
    const booking = (await book(buyer, { eventId, quantity: 1 })).json() as { id: string };
    const [ticket] = (
      (await api('GET', `/bookings/${booking.id}/tickets`, { caller: buyer })).json() as {
        items: { id: string }[];
      }
    ).items;
    await signIn(page, buyer.email);
    await page.goto('/tickets');
    const form = page.locator(`li[data-ticket="${ticket.id}"]`).getByTestId('attendee-form');
    await form.waitFor();
    await form.getByLabel('Attendee').fill('Rui');
    await form.getByLabel('T-shirt size (required)').selectOption('L');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('"I accept the house rules" must be ticked').waitFor();
    await form.getByLabel('I accept the house rules (required)').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Attendee saved').first().waitFor();
    const saved = (await api('GET', `/bookings/${booking.id}/tickets`, { caller: buyer })).json() as {
      items: { attendeeName: string; answers: unknown }[];
    };
    expect(saved.items[0]).toMatchObject({
      attendeeName: 'Rui',
      answers: { 't-shirt-size': 'L', 'i-accept-the-house-rules': true },
    });
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await signOut(page);
  });
});
