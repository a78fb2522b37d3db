import { errorBodyOf, IsUuid, Omittable, PaginationQueryDto, RequestContext } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CANCEL_REASONS, CancelReason } from '@evently/contracts';
import { TICKETS_PER_USER_CEILING } from '../../config/booking-service.config';
import { HttpStatus } from '@nestjs/common';
import type { ResponseRenderer } from '../../idempotency/idempotency.service';
import { InventoryEntity } from '../../inventory/inventory.entity';
import { shownStatus } from '../../inventory/inventory.rules';
import { BookingEntity, BookingStatus } from '../booking.entity';
import { PROMO_CODE_PATTERN } from '../../promo/promo-code.rules';

export class OrderItemRequestDto {
  @ApiProperty()
  @IsUuid()
  ticketTypeId!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(TICKETS_PER_USER_CEILING)
  quantity!: number;
}

export class CreateBookingDto {
  @ApiProperty()
  @IsUuid()
  eventId!: string;

  @ApiPropertyOptional({ description: 'General admission; exclusive with seats' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(TICKETS_PER_USER_CEILING)
  quantity?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['A-1-5', 'A-1-6'],
    description: 'Reserved seats; all or none',
  })
  @Omittable()
  @ArrayMinSize(1)
  @ArrayMaxSize(TICKETS_PER_USER_CEILING)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9]{1,10}-\d{1,3}-\d{1,3}$/, { each: true, message: 'each seat must look like A-1-5' })
  seats?: string[];

  @ApiPropertyOptional({
    type: [OrderItemRequestDto],
    description: 'Ticket types and how many of each (general admission); exclusive with quantity and seats',
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OrderItemRequestDto)
  items?: OrderItemRequestDto[];

  @ApiPropertyOptional({ example: 'EARLY20', description: 'A promo code of the event, with items' })
  @Omittable()
  @IsString()
  @Matches(PROMO_CODE_PATTERN, { message: 'promoCode must be 3-32 letters, digits, - or _' })
  promoCode?: string;

  @ApiPropertyOptional({ description: "The on-sale queue's pass (while the event sells through a queue)" })
  @Omittable()
  @IsString()
  @Matches(/^qp_[a-f0-9]{64}$/, { message: 'queuePass must be a pass the queue gave' })
  queuePass?: string;
}

export class OrderItemDto {
  @ApiProperty() ticketTypeId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'Minor units, as sold' }) unitPrice!: number;
}

export class MoneyDto {
  @ApiProperty({ description: 'Integer minor units' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class ListBookingsQueryDto extends PaginationQueryDto {}

export class BookingEventVenueDto {
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
}

/** What a list of bookings shows of each one's event, so that bookings can be told apart. */
export class BookingEventDto {
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ example: 'Europe/Lisbon' }) timeZone!: string;
  @ApiProperty({ type: BookingEventVenueDto }) venue!: BookingEventVenueDto;
  @ApiProperty({ description: 'published, cancelled or completed' }) status!: string;
}

export class BookingDto {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: BookingStatus }) status!: BookingStatus;
  @ApiProperty() quantity!: number;
  @ApiProperty({ type: [String] }) seats!: string[];
  @ApiProperty({ enum: CANCEL_REASONS, nullable: true }) cancelReason!: CancelReason | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) cancelledAt!: string | null;
  @ApiPropertyOptional({
    type: BookingEventDto,
    description: 'In lists: the event, as booking-service knows it',
  })
  event?: BookingEventDto;
  @ApiProperty({ type: [OrderItemDto], description: 'The ticket types ordered (empty without types)' })
  items!: OrderItemDto[];
  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'What it costs; null for a booking without types',
  })
  total!: MoneyDto | null;
  @ApiProperty({ type: MoneyDto, nullable: true, description: 'Taken off by a promo code' })
  discount!: MoneyDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'pending_payment: when the held places go back' })
  expiresAt!: string | null;

  static from(booking: BookingEntity, event?: InventoryEntity): BookingDto {
    return {
      id: booking.id,
      eventId: booking.eventId,
      userId: booking.userId,
      status: booking.status,
      quantity: booking.quantity,
      seats: booking.seats,
      cancelReason: booking.cancelReason,
      createdAt: booking.createdAt.toISOString(),
      cancelledAt: booking.cancelledAt?.toISOString() ?? null,
      items: booking.items,
      total: booking.currency ? { amount: booking.totalAmount, currency: booking.currency } : null,
      discount: booking.currency ? { amount: booking.discountAmount, currency: booking.currency } : null,
      expiresAt: booking.expiresAt?.toISOString() ?? null,
      ...(event && {
        event: {
          title: event.title,
          startsAt: event.startsAt.toISOString(),
          endsAt: event.endsAt.toISOString(),
          timeZone: event.timeZone,
          venue: { name: event.venueName, city: event.venueCity },
          status: shownStatus(event),
        },
      }),
    };
  }
}

export class BookingPageDto {
  @ApiProperty({ type: [BookingDto] }) items!: BookingDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** How a booking, or its refusal, is answered (and recorded under an Idempotency-Key): POST /bookings, accept. */
export const bookingResponse: ResponseRenderer<BookingEntity> = {
  done: (booking) => ({ status: HttpStatus.CREATED, body: BookingDto.from(booking) }),
  refused: (error) => ({ status: error.status, body: errorBodyOf(error, RequestContext.requestId()) }),
};
