// The confirmation email carries the tickets: one inline QR image per place (referenced from the HTML by
// cid), each decoding to that ticket's signed code, beside the calendar file.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { CaughtMail, mailsTo } from '@evently/testing/mail-catcher';
import { stackEnv } from '@evently/testing/stack';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

describe('ticket codes in the confirmation email', () => {
  it('shows each ticket as a QR image that decodes to its code', async () => {
    const event = await onSaleEvent(makeCaller('organizer'), {
      capacity: 10,
      ticketTypes: [{ name: 'Entry', price: { amount: 0, currency: 'EUR' } }],
    });
    const buyer = await registeredCaller('customer', 'Quinn QR');
    const booking = (
      await book(buyer, {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0].id, quantity: 2 }],
      })
    ).json() as { id: string };
    const tickets = (
      (await api('GET', `/bookings/${booking.id}/tickets`, { caller: buyer })).json() as {
        items: { code: string }[];
      }
    ).items;

    const mail: CaughtMail = await eventually(
      async () => (await mailsTo(buyer.email)).find((m) => m.subject.startsWith('Booking confirmed')),
      20_000,
      'the confirmation email',
    );
    expect(mail.html).toContain('src="cid:ticket-1@evently"');
    expect(mail.html).toContain('src="cid:ticket-2@evently"');
    const images = (mail.attachments ?? []).filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => a.fileName).sort()).toEqual(['ticket-1.png', 'ticket-2.png']);
    expect(mail.attachments!.some((a) => a.fileName === 'invite.ics')).toBe(true);
    const decoded: string[] = [];
    for (const image of images) {
      const res = await fetch(
        `${stackEnv('EVENTLY_MAIL_WEB_URL')}/email/${mail.id}/attachment/${image.generatedFileName ?? image.fileName}`,
      );
      const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
      decoded.push(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data);
    }
    expect(decoded.sort()).toEqual(tickets.map((t) => t.code).sort());
  });
});
