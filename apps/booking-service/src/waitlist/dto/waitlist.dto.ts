import { IsUuid, Omittable, PaginationQueryDto } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { PROMO_CODE_PATTERN } from '../../promo/promo-code.rules';
import { TICKETS_PER_USER_CEILING } from '../../config/booking-service.config';
import { PositionedEntry, WaitlistStatus } from '../waitlist.entity';

export class JoinWaitlistDto {
  @ApiProperty()
  @IsUuid()
  eventId!: string;

  @ApiProperty({ description: 'Places (or seats, on a seated event) wanted; within the per-person limit' })
  @IsInt()
  @Min(1)
  @Max(TICKETS_PER_USER_CEILING)
  quantity!: number;

  @ApiPropertyOptional({
    description:
      'The ticket type waited for, on a general-admission event sold by ticket type (may be left out when one type is on show); the offer is an order of it',
  })
  @Omittable()
  @IsUuid()
  ticketTypeId?: string;
}

export class AcceptOfferDto {
  @ApiPropertyOptional({
    description: 'A promo code for the order the offer makes (events sold by ticket type)',
  })
  @Omittable()
  @IsString()
  @Matches(PROMO_CODE_PATTERN, { message: 'promoCode must be 3-32 letters, digits, - or _' })
  promoCode?: string;
}

export class ListWaitlistQueryDto extends PaginationQueryDto {}

export class WaitlistEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The ticket type waited for (events sold by type)',
  })
  ticketTypeId!: string | null;
  @ApiProperty({ enum: WaitlistStatus }) status!: WaitlistStatus;
  @ApiProperty({ type: Number, nullable: true, description: '1-based place in the queue while waiting' })
  position!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Deadline of the offer (once offered)' })
  offerExpiresAt!: string | null;
  @ApiProperty({ type: [String], description: 'Seats held for the offer (seated events)' })
  offeredSeats!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The booking made by accepting the offer' })
  bookingId!: string | null;
  @ApiProperty() createdAt!: string;

  static from({ entry, position }: PositionedEntry): WaitlistEntryDto {
    return {
      id: entry.id,
      eventId: entry.eventId,
      userId: entry.userId,
      quantity: entry.quantity,
      ticketTypeId: entry.ticketTypeId,
      status: entry.status,
      position,
      offerExpiresAt: entry.offerExpiresAt?.toISOString() ?? null,
      offeredSeats: entry.offeredSeats,
      bookingId: entry.bookingId,
      createdAt: entry.createdAt.toISOString(),
    };
  }
}

export class WaitlistPageDto {
  @ApiProperty({ type: [WaitlistEntryDto] }) items!: WaitlistEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
