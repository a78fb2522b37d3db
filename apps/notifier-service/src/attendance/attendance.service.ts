import { BookingCancelledV1, BookingConfirmedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Audience, AttendanceRepository } from './attendance.repository';

/** Who attends what: the replica of bookings that decides who hears about an event. */
@Injectable()
export class AttendanceService {
  constructor(private readonly attendances: AttendanceRepository) {}

  recordConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    return this.attendances.recordConfirmed(manager, fact);
  }

  recordCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    return this.attendances.recordCancelled(manager, fact);
  }

  /** The next `limit` people of an event's audience, one entry per person however many bookings. */
  audience(
    manager: EntityManager,
    eventId: string,
    audience: Audience,
    afterUserId: string | null,
    limit: number,
  ) {
    return this.attendances.audience(manager, eventId, audience, afterUserId, limit);
  }
}
