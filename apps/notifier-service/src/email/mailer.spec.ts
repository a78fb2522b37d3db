import jsQR from 'jsqr';
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { qrImage, withTicketImages } from './mailer';

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

describe('a ticket code as a QR image', () => {
  const code =
    'AQ2eXJmbH0D4q3-uKDsrtT8JmWOm6DxE6o5l4ajM1JSAwgq0K2G9YPn2Q6pC4tB8qQy5C6Ykz0xLwQ4sK9mU3rZ3A6xYd2u3b5u7N9vQ1wWz';

  it('decodes to the code: about 320 px square, black on white, grayscale', () => {
    const file = qrImage(code);
    const png = PNG.sync.read(file);
    expect(png.width).toBe(png.height);
    expect(png.width).toBeGreaterThan(280);
    expect(png.width).toBeLessThanOrEqual(320);
    expect(file[25]).toBe(0); // IHDR colour type 0: grayscale
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(code);
  });

  it('filters every row as "up" (no per-row search over the five filters)', () => {
    const file = qrImage(code);
    const side = file.readUInt32BE(16);
    const idat: Buffer[] = [];
    for (let at = 8; at < file.length;) {
      const length = file.readUInt32BE(at);
      if (file.toString('ascii', at + 4, at + 8) === 'IDAT')
        idat.push(file.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const rows = inflateSync(Buffer.concat(idat));
    const rowBytes = 1 + side;
    expect(rows.length).toBe(side * rowBytes);
    const filters = new Set(Array.from({ length: side }, (_, row) => rows[row * rowBytes]));
    expect([...filters]).toEqual([2]);
  });
});
