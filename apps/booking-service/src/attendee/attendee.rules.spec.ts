import { csvCell, csvHeader, csvLine } from './attendee.rules';

describe('attendee CSV', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell(null)).toBe('');
    expect(csvCell('Smith, John')).toBe('"Smith, John"');
    expect(csvCell('Say "hi"')).toBe('"Say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+31 6 1234')).toBe("'+31 6 1234");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  it('writes one line per attendee, in the header’s order', () => {
    const line = csvLine(
      {
        ticketId: 't-1',
        bookingId: 'b-1',
        attendeeName: '=1+1',
        holderName: 'Bea Buyer',
        holderEmail: 'bea@example.com',
        ticketTypeId: 'vip',
        seat: 'A-1-1',
        status: 'valid',
        checkedInAt: new Date('2027-01-01T20:00:00Z'),
        answers: {},
      },
      (id) => (id === 'vip' ? 'VIP' : null),
    );
    expect(line).toBe("t-1,'=1+1,Bea Buyer,bea@example.com,VIP,A-1-1,valid,2027-01-01T20:00:00.000Z\r\n");
  });

  it('adds a column per question: its label in the header, the answer (a box as yes/no) per line', () => {
    const questions = [
      { id: 'co', label: 'Company, Inc', kind: 'text' as const, options: null, required: false },
      { id: 'ok', label: 'Terms', kind: 'checkbox' as const, options: null, required: true },
      { id: 'diet', label: 'Diet', kind: 'text' as const, options: null, required: false },
    ];
    expect(csvHeader(questions)).toBe(
      'ticket_id,attendee,holder,holder_email,ticket_type,seat,status,checked_in_at,"Company, Inc",Terms,Diet\r\n',
    );
    const line = csvLine(
      {
        ticketId: 't-2',
        bookingId: 'b-2',
        attendeeName: null,
        holderName: null,
        holderEmail: null,
        ticketTypeId: null,
        seat: null,
        status: 'valid',
        checkedInAt: null,
        answers: { co: '@evil', ok: true },
      },
      () => null,
      questions,
    );
    expect(line).toBe("t-2,,,,,,valid,,'@evil,yes,\r\n");
  });
});
