import { redactedUrl } from './access-log.hook';

describe('redactedUrl', () => {
  it('keeps the secrets of calendar feeds and RSVP links out of the log', () => {
    expect(redactedUrl('/api/v1/calendar/BjPu58lppTymQD2ht4A76J9ysdPEAkOOigjJzOa5Zqo.ics')).toBe(
      '/api/v1/calendar/[secret].ics',
    );
    expect(redactedUrl('/api/v1/calendar/abc.ics?x=1')).toBe('/api/v1/calendar/[secret].ics?x=1');
    expect(redactedUrl('/rsvp/tok_123')).toBe('/rsvp/[secret]');
    expect(redactedUrl('/api/v1/calendar/feed')).toBe('/api/v1/calendar/feed');
    expect(redactedUrl('/api/v1/events?q=calendar')).toBe('/api/v1/events?q=calendar');
  });
});
