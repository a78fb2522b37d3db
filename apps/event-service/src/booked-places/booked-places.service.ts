import { BookingCancelledV1, BookingConfirmedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookedPlacesRepository } from './booked-places.repository';

/** How many places of each event are booked, kept from booking-service's facts (capacity may not drop below). */
@Injectable()
export class BookedPlacesService {
  constructor(private readonly places: BookedPlacesRepository) {}

  recordConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    return this.places.recordConfirmed(manager, fact);
  }

  recordCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    return this.places.recordCancelled(manager, fact);
  }

  booked(manager: EntityManager, eventId: string): Promise<number> {
    return this.places.bookedCount(manager, eventId);
  }
}
