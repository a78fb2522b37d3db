import * as crypto from 'node:crypto';
import { codeSignedBy, newEventKeys, readTicketCode, signTicketCode } from './ticket-code';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof crypto>('node:crypto');
  return {
    ...actual,
    createPrivateKey: jest.fn(actual.createPrivateKey),
    createPublicKey: jest.fn(actual.createPublicKey),
  };
});

const eventId = '5ed46a3c-96ae-420a-9369-c7dea6fb36a6';
const ticketId = '099963a6-e83c-44ea-8e65-e1a84cd29480';

describe('ticket codes', () => {
  const keys = newEventKeys();

  it('carry the event and the ticket, signed, in 130 characters a door device checks offline', () => {
    const code = signTicketCode(keys.privateKey, { eventId, ticketId });
    expect(code).toMatch(/^[A-Za-z0-9_-]{130}$/);
    const read = readTicketCode(code)!;
    expect([read.eventId, read.ticketId]).toEqual([eventId, ticketId]);
    expect(codeSignedBy(keys.publicKey, read)).toBe(true);
  });

  it('are refused when altered, signed by another event’s key, or not a code at all', () => {
    const code = signTicketCode(keys.privateKey, { eventId, ticketId });
    const other = newEventKeys();
    expect(codeSignedBy(other.publicKey, readTicketCode(code)!)).toBe(false);
    // Another ticket id under the same signature.
    const bytes = Buffer.from(code, 'base64url');
    bytes[20] ^= 1;
    const altered = readTicketCode(bytes.toString('base64url'))!;
    expect(altered.ticketId).not.toBe(ticketId);
    expect(codeSignedBy(keys.publicKey, altered)).toBe(false);
    expect(readTicketCode('hello')).toBeNull();
    expect(readTicketCode(`${code.slice(0, 129)}!`)).toBeNull();
    const wrongVersion = Buffer.from(code, 'base64url');
    wrongVersion[0] = 2;
    expect(readTicketCode(wrongVersion.toString('base64url'))).toBeNull();
  });

  it('parse each event key once, however many tickets it signs or checks', () => {
    const own = newEventKeys();
    const parsedPrivate = jest.mocked(crypto.createPrivateKey);
    const parsedPublic = jest.mocked(crypto.createPublicKey);
    parsedPrivate.mockClear();
    parsedPublic.mockClear();
    const codes = Array.from({ length: 5 }, (_, i) =>
      signTicketCode(own.privateKey, { eventId, ticketId: ticketId.replace(/0$/, String(i)) }),
    );
    expect(codes.every((code) => codeSignedBy(own.publicKey, readTicketCode(code)!))).toBe(true);
    expect(new Set(codes).size).toBe(5);
    expect(parsedPrivate).toHaveBeenCalledTimes(1);
    expect(parsedPublic).toHaveBeenCalledTimes(1);
  });
});
