import { ApiProperty } from '@nestjs/swagger';
import { EventEntity } from '../event.entity';
import { effectiveStatus, EventStatus, EventVisibility } from '../event-status';
import { seatCount } from '../seating-plan';
import { priceFrom } from '../ticket-types';
import { SeatingDto } from './event.dto';
import { QUESTION_KINDS } from './question.dto';

/** How an event is shown: the stored row mapped to the API's shape, its status as of `now`. */
export class EventVenueDto {
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
}

export class EventWaitlistDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty() offerMinutes!: number;
}

export class MoneyViewDto {
  @ApiProperty({ description: 'Integer minor units' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class TicketTypeViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: MoneyViewDto }) price!: MoneyViewDto;
  @ApiProperty({ type: Number, nullable: true }) quota!: number | null;
  @ApiProperty({ type: String, nullable: true }) salesStart!: string | null;
  @ApiProperty({ type: String, nullable: true }) salesEnd!: string | null;
  @ApiProperty({ type: Number, nullable: true }) maxPerOrder!: number | null;
  @ApiProperty() hidden!: boolean;
}

export class QuestionViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: QUESTION_KINDS }) kind!: (typeof QUESTION_KINDS)[number];
  @ApiProperty({ type: [String], nullable: true }) options!: string[] | null;
  @ApiProperty() required!: boolean;
}

export class OnSaleViewDto {
  @ApiProperty() queue!: boolean;
  @ApiProperty() opensAt!: string;
  @ApiProperty({ type: Number, nullable: true }) admitPerMinute!: number | null;
  @ApiProperty() passMinutes!: number;
}

export class EventDto {
  @ApiProperty() id!: string;
  @ApiProperty() organizerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: EventVenueDto }) venue!: EventVenueDto;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ example: 'Europe/Lisbon', description: 'IANA time zone the times are shown in' })
  timeZone!: string;
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiProperty({ type: SeatingDto, nullable: true }) seating!: SeatingDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seats of the plan (seated events)' })
  seatCount!: number | null;
  @ApiProperty({ enum: EventStatus }) status!: EventStatus;
  @ApiProperty({ enum: EventVisibility }) visibility!: EventVisibility;
  @ApiProperty({ type: EventWaitlistDto }) waitlist!: EventWaitlistDto;
  @ApiProperty({ type: [TicketTypeViewDto], description: 'Hidden types only for the organizer and admins' })
  ticketTypes!: TicketTypeViewDto[];
  @ApiProperty({ type: MoneyViewDto, nullable: true, description: 'The lowest price on show' })
  priceFrom!: MoneyViewDto | null;
  @ApiProperty({ type: [Number], description: 'Minutes before the start of each reminder' })
  reminders!: number[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Attendees may cancel a paid booking for a full refund until this many hours before the start',
  })
  refundWindowHours!: number | null;
  @ApiProperty({ type: [QuestionViewDto], description: 'What each attendee is asked (per ticket)' })
  questions!: QuestionViewDto[];
  @ApiProperty({ type: OnSaleViewDto, nullable: true, description: 'How the sale opens; null: open now' })
  onSale!: OnSaleViewDto | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({ description: 'Also the ETag; send it back in If-Match' }) version!: number;
  @ApiProperty({ type: String, nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  /** `showHidden`: the caller manages the event (hidden types are a secret of the organizer's otherwise). */
  static from(event: EventEntity, now = new Date(), showHidden = true): EventDto {
    return {
      id: event.id,
      organizerId: event.organizerId,
      title: event.title,
      description: event.description,
      venue: { name: event.venueName, city: event.venueCity, address: event.venueAddress },
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timeZone: event.timeZone,
      capacity: event.capacity,
      seating: event.seating,
      seatCount: event.seating ? seatCount(event.seating) : null,
      status: effectiveStatus(event.status, event.endsAt, now),
      visibility: event.visibility,
      waitlist: { enabled: event.waitlistEnabled, offerMinutes: event.waitlistOfferMinutes },
      ticketTypes: showHidden ? event.ticketTypes : event.ticketTypes.filter((t) => !t.hidden),
      priceFrom: priceFrom(event.ticketTypes),
      reminders: event.reminders,
      refundWindowHours: event.refundWindowHours,
      questions: event.questions,
      onSale: event.onSale,
      cancelReason: event.cancelReason,
      version: event.version,
      publishedAt: event.publishedAt?.toISOString() ?? null,
      cancelledAt: event.cancelledAt?.toISOString() ?? null,
      createdAt: event.createdAt.toISOString(),
      updatedAt: event.updatedAt.toISOString(),
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
