import { IsDateTimeWithOffset, Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { Ticket } from '../../ticket/ticket.rules';
import { TicketStatus } from '../../ticket/ticket.rules';
import type { ScanOutcome } from '../checkin.service';

export const CHECKIN_RESULTS = ['ok', 'already_checked_in', 'unknown', 'other_event', 'voided', 'not_paid'];

export class ScanDto {
  @ApiProperty({ description: "The ticket's code, as its QR carries it" })
  @IsString()
  @MinLength(1)
  @MaxLength(400)
  code!: string;

  @ApiPropertyOptional({ description: 'The scanning device (its scans synced later are told apart by it)' })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deviceId?: string;
}

export class OfflineScanDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(400) code!: string;

  @ApiProperty({ example: '2027-05-01T19:02:11.250Z', description: 'When the device scanned it' })
  @IsDateTimeWithOffset()
  scannedAt!: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) deviceId!: string;
}

export class ScanBatchDto {
  @ApiProperty({ type: [OfflineScanDto], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => OfflineScanDto)
  scans!: OfflineScanDto[];
}

/** A ticket as the door shows it: names and types, no codes. */
export class DoorTicketDto {
  @ApiProperty() id!: string;
  @ApiProperty() bookingId!: string;
  @ApiProperty({ type: String, nullable: true }) ticketTypeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ticketTypeName!: string | null;
  @ApiProperty({ type: String, nullable: true }) seat!: string | null;
  @ApiProperty({ type: String, nullable: true }) attendeeName!: string | null;
  @ApiProperty({ enum: TicketStatus }) status!: TicketStatus;
  @ApiProperty({ type: String, nullable: true }) checkedInAt!: string | null;

  static from(t: Ticket & { ticketTypeName?: string | null }): DoorTicketDto {
    return {
      id: t.id,
      bookingId: t.bookingId,
      ticketTypeId: t.ticketTypeId,
      ticketTypeName: t.ticketTypeName ?? null,
      seat: t.seat,
      attendeeName: t.attendeeName,
      status: t.status,
      checkedInAt: t.checkedInAt?.toISOString() ?? null,
    };
  }
}

export class ScanOutcomeDto {
  @ApiProperty({ enum: CHECKIN_RESULTS }) result!: string;
  @ApiProperty({ type: DoorTicketDto, nullable: true }) ticket!: DoorTicketDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the ticket was checked in (the winning scan)',
  })
  checkedInAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who checked it in' }) checkedInBy!:
    string | null;
  @ApiProperty({ description: 'When this scan was made' }) scannedAt!: string;
  @ApiProperty({ description: 'This scan was synced before: nothing changed' }) replayed!: boolean;

  static from(o: ScanOutcome): ScanOutcomeDto {
    return {
      result: o.result,
      ticket: o.ticket && DoorTicketDto.from(o.ticket),
      checkedInAt: o.checkedInAt?.toISOString() ?? null,
      checkedInBy: o.checkedInBy,
      scannedAt: o.scannedAt.toISOString(),
      replayed: o.replayed,
    };
  }
}

export class ScanOutcomeListDto {
  @ApiProperty({ type: [ScanOutcomeDto] }) items!: ScanOutcomeDto[];
}

export class CheckinBundleDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: "The event's Ed25519 public key, base64 SPKI: a device checks codes with it" })
  publicKey!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: [DoorTicketDto], description: 'Valid tickets' }) tickets!: DoorTicketDto[];
  @ApiProperty({ type: [String] }) voidedIds!: string[];
}
