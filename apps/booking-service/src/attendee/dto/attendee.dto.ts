import { IsUuid, Omittable, PaginationQueryDto } from '@evently/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import type { Attendee } from '../attendee.rules';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class AttendeeFilterDto {
  @ApiPropertyOptional({ description: 'Only tickets of this type' })
  @Omittable()
  @IsUuid()
  ticketTypeId?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only those checked in (true) or not yet (false)',
  })
  @Omittable()
  @Transform(toBoolean)
  @IsBoolean()
  checkedIn?: boolean;
}

/** A page of the list: the same filter, with the cursor and page size. */
export class ListAttendeesQueryDto extends IntersectionType(PaginationQueryDto, AttendeeFilterDto) {}

export class AttendeeDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty() bookingId!: string;
  @ApiProperty({ type: String, nullable: true }) attendeeName!: string | null;
  @ApiProperty({ type: String, nullable: true }) holderName!: string | null;
  @ApiProperty({ type: String, nullable: true }) holderEmail!: string | null;
  @ApiProperty({ type: String, nullable: true }) ticketTypeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ticketTypeName!: string | null;
  @ApiProperty({ type: String, nullable: true }) seat!: string | null;
  @ApiProperty({ enum: ['valid', 'voided'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) checkedInAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) answers!: Record<string, unknown>;

  static from(a: Attendee, ticketTypeName: string | null): AttendeeDto {
    return { ...a, ticketTypeName, checkedInAt: a.checkedInAt?.toISOString() ?? null };
  }
}

export class AttendeePageDto {
  @ApiProperty({ type: [AttendeeDto] }) items!: AttendeeDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
