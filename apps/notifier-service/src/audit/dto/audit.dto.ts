import { IsUuid, Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { AuditEntry } from '../audit.repository';

export class AuditQueryDto {
  @ApiPropertyOptional() @Omittable() @IsUuid() eventId?: string;
  @ApiPropertyOptional() @Omittable() @IsUuid() actorId?: string;

  @ApiPropertyOptional({ default: 0, description: 'Entries numbered after this' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEntryDto {
  @ApiProperty() seq!: number;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiProperty({ example: 'event.updated' }) action!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty() targetId!: string;
  @ApiProperty({ type: String, nullable: true }) eventId!: string | null;
  @ApiProperty({ type: String, nullable: true }) organizerId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Field: {from, to}',
  })
  changes!: Record<string, { from: unknown; to: unknown }> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty() at!: string;

  static from(e: AuditEntry): AuditEntryDto {
    return { ...e };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ description: 'Pass as `after` for the next page' }) nextAfter!: number;
}
