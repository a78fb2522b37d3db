import {
  Clearable,
  IsDateTimeWithOffset,
  IsTimeZone,
  IsUuid,
  MultiLine,
  NestedObject,
  Omittable,
  PaginationQueryDto,
  PatchOf,
  queryBoolean,
  trimString,
} from '@evently/common';
import { REMINDER_DEFAULTS, WAITLIST_DEFAULTS } from '@evently/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EventVisibility } from '../event-status';
import { QuestionDto } from './question.dto';
import { TicketTypeDto } from './ticket-type.dto';

export class VenueDto {
  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  city!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null or left out: none' })
  @Clearable()
  @Transform(trimString)
  @IsString()
  @Length(1, 300)
  address?: string | null;
}

export class SeatingSectionDto {
  @ApiProperty({ description: 'First part of each seat label, e.g. A in A-1-5' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{1,10}$/, { message: 'name must be 1 to 10 letters or digits' })
  name!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(200)
  rows!: number;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(200)
  seatsPerRow!: number;

  @ApiPropertyOptional({ description: "The ticket type its seats sell as (default: the event's first)" })
  @Omittable()
  @IsUuid()
  ticketTypeId?: string;

  @ApiPropertyOptional({ description: 'The same, by name (on create, before the types have ids)' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  ticketType?: string;
}

export class SeatingDto {
  @ApiProperty({ type: [SeatingSectionDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SeatingSectionDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  sections!: SeatingSectionDto[];
}

export class WaitlistSettingsDto {
  @ApiPropertyOptional({
    default: WAITLIST_DEFAULTS.enabled,
    description: 'Whether a sold-out event takes entries',
  })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    default: WAITLIST_DEFAULTS.offerMinutes,
    description: 'How long freed places are held for the entry they are offered to',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(10080)
  offerMinutes?: number;
}

export class OnSaleDto {
  @ApiProperty({ description: 'Whether visitors go through a queue when the sale opens' })
  @IsBoolean()
  queue!: boolean;

  @ApiProperty({ example: '2027-02-01T10:00:00+01:00', description: 'When the sale opens' })
  @IsDateTimeWithOffset()
  opensAt!: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      'Visitors admitted from the queue per minute; null: derived from the measured booking capacity',
  })
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  admitPerMinute?: number | null;

  @ApiPropertyOptional({
    default: 10,
    description: 'How long an admitted visitor may book (minutes, 1..120)',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(120)
  passMinutes?: number;
}

export class CreateEventDto {
  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(3, 200)
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @Clearable()
  @IsString()
  @MaxLength(5000)
  @MultiLine()
  description?: string | null;

  @ApiProperty({ type: VenueDto })
  @NestedObject(() => VenueDto)
  venue!: VenueDto;

  @ApiProperty({ example: '2027-03-01T19:30:00+01:00' })
  @IsDateTimeWithOffset()
  startsAt!: string;

  @ApiProperty({ example: '2027-03-01T23:00:00+01:00' })
  @IsDateTimeWithOffset()
  endsAt!: string;

  @ApiProperty({
    example: 'Europe/Lisbon',
    description: 'IANA time zone of the venue: every page, email and calendar file shows times on its clocks',
  })
  @IsTimeZone()
  timeZone!: string;

  @ApiPropertyOptional({ description: 'General admission; exclusive with seating' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({ type: SeatingDto, description: 'Reserved seating; exclusive with capacity' })
  @Omittable()
  @NestedObject(() => SeatingDto)
  seating?: SeatingDto;

  @ApiPropertyOptional({ enum: EventVisibility, default: EventVisibility.Public })
  @Omittable()
  @IsIn(Object.values(EventVisibility))
  visibility?: EventVisibility;

  @ApiPropertyOptional({
    type: [Number],
    default: REMINDER_DEFAULTS,
    description: 'Minutes before the start at which attendees are reminded (0..4 values, each 1..43200)',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(43200, { each: true })
  reminders?: number[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      'Attendees may cancel a paid booking for a full refund until this many hours before the start (0..8760); null: only the organizer refunds',
  })
  @Clearable()
  @IsInt()
  @Min(0)
  @Max(8760)
  refundWindowHours?: number | null;

  @ApiPropertyOptional({
    type: [TicketTypeDto],
    description:
      'What the event sells (replaces the list; ids keep a type). Default: one free General admission',
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TicketTypeDto)
  ticketTypes?: TicketTypeDto[];

  @ApiPropertyOptional({
    type: [QuestionDto],
    description: 'What each attendee is asked, answered per ticket (replaces the list; ids keep answers)',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions?: QuestionDto[];

  @ApiPropertyOptional({
    type: OnSaleDto,
    nullable: true,
    description:
      'How the sale opens: at opensAt, through a queue when queue is true; null: open from publication',
  })
  @Clearable()
  @NestedObject(() => OnSaleDto)
  onSale?: OnSaleDto | null;

  @ApiPropertyOptional({ type: WaitlistSettingsDto, description: 'Left-out settings keep their value' })
  @Omittable()
  @NestedObject(() => WaitlistSettingsDto)
  waitlist?: WaitlistSettingsDto;
}

/** Every field optional; capacity only grows past what is booked, and a published plan only grows. */
export class UpdateEventDto extends PatchOf(CreateEventDto) {}

export class CancelEventDto {
  @ApiPropertyOptional()
  @Omittable()
  @Transform(trimString)
  @IsString()
  @MaxLength(500)
  @MultiLine()
  reason?: string;
}

export class ListEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Words to find in the title or description (web search syntax)' })
  @Omittable()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'City, case-insensitive' })
  @Omittable()
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ description: 'Venue name, case-insensitive' })
  @Omittable()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  venue?: string;

  @ApiPropertyOptional({ description: 'Starts at or after' })
  @Omittable()
  @IsDateTimeWithOffset()
  from?: string;

  @ApiPropertyOptional({ description: 'Starts before' })
  @Omittable()
  @IsDateTimeWithOffset()
  to?: string;

  @ApiPropertyOptional({ description: "The caller's own events, drafts and private ones included" })
  @Omittable()
  @Transform(queryBoolean)
  @IsBoolean()
  mine?: boolean;
}
