import { Clearable, Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CodedTicket } from '../ticket.service';
import { TicketStatus } from '../ticket.rules';

export class TicketDto {
  @ApiProperty() id!: string;
  @ApiProperty() bookingId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ type: String, nullable: true }) ticketTypeId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'A-1-5' }) seat!: string | null;
  @ApiProperty({ type: String, nullable: true }) attendeeName!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Answers to the event's questions",
  })
  answers!: Record<string, unknown>;
  @ApiProperty({ enum: TicketStatus }) status!: TicketStatus;
  @ApiProperty({ type: String, nullable: true }) checkedInAt!: string | null;
  @ApiProperty({
    description: "What the ticket's QR carries: the event and ticket ids signed with the event's Ed25519 key",
  })
  code!: string;

  static from(t: CodedTicket): TicketDto {
    return {
      id: t.id,
      bookingId: t.bookingId,
      eventId: t.eventId,
      ticketTypeId: t.ticketTypeId,
      seat: t.seat,
      attendeeName: t.attendeeName,
      answers: t.answers,
      status: t.status,
      checkedInAt: t.checkedInAt?.toISOString() ?? null,
      code: t.code,
    };
  }
}

export class TicketListDto {
  @ApiProperty({ type: [TicketDto] }) items!: TicketDto[];
}

export class ListTicketsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class NameTicketDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: "The attendee's name; null clears it" })
  @Clearable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  attendeeName?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Answers by question id' })
  @Omittable()
  @IsObject()
  answers?: Record<string, unknown>;
}
