import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { EventReplica } from '../event-replica/event-replica.service';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarFiles } from './calendar-files';
import { CalendarErrorCode, CalendarException } from './calendar.exception';
import { upcomingEntries } from './calendar.rules';

/** Bookings read for a feed: far more than anyone holds upcoming, few enough to answer fast. */
const FEED_BOOKINGS = 1000;

/** A feed's address: `<PUBLIC_URL>/api/v1/calendar/<secret>.ics`; 32 random bytes in base64url. */
export const FEED_SECRET = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

export interface FeedState {
  active: boolean;
  createdAt: Date | null;
}

/**
 * Each person's private calendar feed: an address with a secret that calendar apps subscribe to, listing
 * their upcoming bookings. The secret is shown once (only its hash is kept); a new one replaces it.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feeds: CalendarFeedRepository,
    private readonly attendances: AttendanceRepository,
    private readonly events: EventReplica,
    private readonly files: CalendarFiles,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  async state(userId: string): Promise<FeedState> {
    const createdAt = await this.feeds.createdAt(userId);
    return { active: createdAt !== null, createdAt };
  }

  /** A new secret address for the person's feed; the one before stops working. */
  async renew(userId: string): Promise<{ url: string; createdAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const createdAt = await this.feeds.replace(userId, hashOf(secret));
    return { url: `${this.config.PUBLIC_URL}/api/v1/calendar/${secret}.ics`, createdAt };
  }

  stop(userId: string): Promise<void> {
    return this.feeds.remove(userId);
  }

  /** The feed behind a secret: the owner's upcoming bookings, as an iCalendar file. */
  async file(secret: string, now = new Date()): Promise<string> {
    const owner = FEED_SECRET.test(secret) ? await this.feeds.ownerOf(hashOf(secret)) : null;
    if (!owner) {
      throw new CalendarException(CalendarErrorCode.CalendarFeedNotFound, 'No calendar feed at this address');
    }
    const manager = this.dataSource.manager;
    const bookings = await this.attendances.confirmedBookingsOf(manager, owner, FEED_BOOKINGS);
    const events = await this.events.findMany(manager, [...new Set(bookings.map((b) => b.eventId))]);
    return this.files.feed(upcomingEntries(bookings, events, now));
  }
}
