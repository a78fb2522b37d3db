import { TicketStatus, type Ticket } from '../ticket/ticket.rules';
import { inScanOrder, scanRefusal, ScanFacts } from './checkin.rules';

const ticket = { id: 't-1', eventId: 'e-1', status: TicketStatus.Valid } as Ticket;
const scan: ScanFacts = {
  eventId: 'e-1',
  code: { eventId: 'e-1', ticketId: 't-1' },
  signed: true,
  ticket,
  paid: true,
};

describe('check-in rules', () => {
  it('let a good code of a valid, paid ticket of this event try', () => {
    expect(scanRefusal(scan)).toBeNull();
  });

  it('name why a scan cannot check in', () => {
    expect(scanRefusal({ ...scan, code: null })).toBe('unknown');
    expect(scanRefusal({ ...scan, signed: false })).toBe('unknown');
    expect(scanRefusal({ ...scan, code: { eventId: 'e-2', ticketId: 't-9' }, ticket: null })).toBe(
      'other_event',
    );
    expect(scanRefusal({ ...scan, ticket: null })).toBe('unknown');
    expect(scanRefusal({ ...scan, ticket: { ...ticket, status: TicketStatus.Voided } })).toBe('voided');
    expect(scanRefusal({ ...scan, paid: false })).toBe('not_paid');
  });

  it('put offline scans in the order they happened', () => {
    const scans = [
      { id: 'b', scannedAt: '2027-01-01T20:00:05Z' },
      { id: 'a', scannedAt: '2027-01-01T20:00:01.500+00:00' },
      { id: 'c', scannedAt: '2027-01-01T21:00:00+01:00' }, // 20:00:00Z: the first
    ];
    expect(inScanOrder(scans).map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });
});
