import { withTicketImages } from './mailer';

describe('ticket images in an email', () => {
  it('show one inline QR per ticket at the end of the body', () => {
    const html = withTicketImages('<html><body><p>Booked</p></body></html>', 2);
    expect(html).toBe(
      '<html><body><p>Booked</p><h2>Your tickets</h2>' +
        '<p><img src="cid:ticket-1@evently" alt="Ticket 1 of 2: show this code at the door" width="240" height="240"></p>' +
        '<p><img src="cid:ticket-2@evently" alt="Ticket 2 of 2: show this code at the door" width="240" height="240"></p>' +
        '</body></html>',
    );
    expect(withTicketImages('<p>Booked</p>', 1)).toMatch(
      /^<p>Booked<\/p><h2>Your tickets<\/h2><p><img src="cid:ticket-1@evently"/,
    );
  });
});
