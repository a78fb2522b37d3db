import { IsDateTimeWithOffset, Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';

export class RangeQueryDto {
  @ApiPropertyOptional({ description: 'First UTC day counted (its date)' })
  @Omittable()
  @IsDateTimeWithOffset()
  from?: string;

  @ApiPropertyOptional({ description: 'Last UTC day counted (its date)' })
  @Omittable()
  @IsDateTimeWithOffset()
  to?: string;
}

export class TrendsQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'week'], default: 'day' })
  @Omittable()
  @IsIn(['day', 'week'])
  interval?: 'day' | 'week';
}

export class PopularQueryDto {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class RevenueDto {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ description: 'Minor units paid' }) gross!: number;
  @ApiProperty({ description: 'Minor units refunded' }) refunded!: number;
  @ApiProperty({ description: 'gross - refunded' }) net!: number;
}

export class TypeRevenueDto {
  @ApiProperty() ticketTypeId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Paid places of the type' }) sold!: number;
  @ApiProperty({ description: 'Minor units, at the prices sold' }) gross!: number;
  @ApiProperty({ description: "Each booking's refunds shared among its lines pro rata (rounded down)" })
  refunded!: number;
  @ApiProperty() net!: number;
}

export class OverviewDto {
  @ApiProperty({ description: 'Events not cancelled' }) events!: number;
  @ApiProperty({
    description: 'Places sold now (bookings and RSVP yes); with from/to, net places sold on those days',
  })
  ticketsSold!: number;
  @ApiProperty({ description: 'Bookings made (with from/to: on those days)' }) bookings!: number;
  @ApiProperty({ description: 'Bookings cancelled (with from/to: on those days)' }) cancellations!: number;
  @ApiProperty({ description: 'Places or seats of the events not cancelled' }) capacity!: number;
  @ApiProperty({ description: 'Places sold now / capacity, 0..1' }) utilization!: number;
  @ApiProperty({ description: 'Waiting-list entries not yet offered places' }) waitlisted!: number;
  @ApiProperty({ description: 'Invitations answered yes' }) rsvpYes!: number;
  @ApiProperty({ type: [RevenueDto], description: 'Money per currency (all payments, whatever the days)' })
  revenue!: RevenueDto[];
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
}

export class WaitlistCountsDto {
  @ApiProperty() waiting!: number;
  @ApiProperty() offered!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() expired!: number;
}

export class RsvpCountsDto {
  @ApiProperty() invited!: number;
  @ApiProperty() yes!: number;
  @ApiProperty() no!: number;
  @ApiProperty() maybe!: number;
  @ApiProperty() pending!: number;
}

export class DaySalesDto {
  @ApiProperty({ example: '2027-03-01', description: 'UTC date' }) date!: string;
  @ApiProperty({ description: 'Net places sold that day' }) tickets!: number;
  @ApiProperty({ description: 'Bookings cancelled that day' }) cancellations!: number;
}

export class TypeCheckInDto {
  @ApiProperty() ticketTypeId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Valid tickets of the type' }) expected!: number;
  @ApiProperty() checkedIn!: number;
  @ApiProperty({ description: 'checkedIn / expected, 0..1' }) rate!: number;
}

export class CheckInSummaryDto {
  @ApiProperty({ description: 'Valid tickets' }) expected!: number;
  @ApiProperty() checkedIn!: number;
  @ApiProperty({ description: 'checkedIn / expected, 0..1' }) rate!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Tickets never checked in, once the event has ended',
  })
  noShows!: number | null;
  @ApiProperty({ type: [TypeCheckInDto] }) byType!: TypeCheckInDto[];
}

export class EventAnalyticsDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ description: 'Places sold now, as availability says' }) booked!: number;
  @ApiProperty() held!: number;
  @ApiProperty() available!: number;
  @ApiProperty() utilization!: number;
  @ApiProperty() bookings!: number;
  @ApiProperty() cancellations!: number;
  @ApiProperty({ type: WaitlistCountsDto }) waitlist!: WaitlistCountsDto;
  @ApiProperty({ type: RsvpCountsDto }) rsvp!: RsvpCountsDto;
  @ApiProperty({ type: [DaySalesDto] }) salesByDay!: DaySalesDto[];
  @ApiProperty({ type: [RevenueDto], description: "The event's money (one currency; empty when free)" })
  revenue!: RevenueDto[];
  @ApiProperty({ type: [TypeRevenueDto], description: 'Paid ticket types (none for a free event)' })
  revenueByType!: TypeRevenueDto[];
  @ApiProperty({ type: CheckInSummaryDto, description: 'Who came: check-ins per event and type' })
  checkIn!: CheckInSummaryDto;
}

export class PopularEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() ticketsSold!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty() utilization!: number;
}

export class PopularDto {
  @ApiProperty({ type: [PopularEventDto] }) items!: PopularEventDto[];
}

export class TrendDto {
  @ApiProperty({ example: '2027-03-01', description: 'UTC day, or the Monday of the week' }) period!: string;
  @ApiProperty() bookings!: number;
  @ApiProperty() tickets!: number;
  @ApiProperty() cancellations!: number;
}

export class TrendsDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: ['day', 'week'] }) interval!: 'day' | 'week';
  @ApiProperty({ type: [TrendDto] }) items!: TrendDto[];
}

export class VenueDto {
  @ApiProperty() venue!: string;
  @ApiProperty() city!: string;
  @ApiProperty() events!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty() ticketsSold!: number;
  @ApiProperty() utilization!: number;
}

export class VenuesDto {
  @ApiProperty({ type: [VenueDto] }) items!: VenueDto[];
}

export class MyAnalyticsDto {
  @ApiProperty({ description: 'Bookings made' }) bookings!: number;
  @ApiProperty({ description: 'Places held by confirmed bookings' }) tickets!: number;
  @ApiProperty() cancellations!: number;
  @ApiProperty({ description: 'Confirmed bookings of events not started' }) upcoming!: number;
  @ApiProperty({ description: 'Confirmed bookings of events that have ended' }) attended!: number;
}
