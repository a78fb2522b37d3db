import {
  Clearable,
  IsDateTimeWithOffset,
  IsUuid,
  MultiLine,
  NestedObject,
  Omittable,
  trimString,
} from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO4217CurrencyCode,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class MoneyDto {
  @ApiProperty({ description: 'Integer minor units (2500 = 25.00)', example: 2500 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217 code; one currency per event', example: 'EUR' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

export class TicketTypeDto {
  @ApiPropertyOptional({
    description: 'A type the event has already (kept, with its sales); left out: a new one',
  })
  @Omittable()
  @IsUuid()
  id?: string;

  @ApiProperty({ example: 'Early bird' })
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsString()
  @MaxLength(500)
  @MultiLine()
  description?: string | null;

  @ApiProperty({ type: MoneyDto })
  @NestedObject(() => MoneyDto)
  price!: MoneyDto;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'At most this many sold, within the places',
  })
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(100000)
  quota?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'On sale from (default: at once)' })
  @Clearable()
  @IsDateTimeWithOffset()
  salesStart?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'On sale until (default: the start)' })
  @Clearable()
  @IsDateTimeWithOffset()
  salesEnd?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerOrder?: number | null;

  @ApiPropertyOptional({ default: false, description: 'Sold only with a promo code that unlocks it' })
  @Omittable()
  @IsBoolean()
  hidden?: boolean;
}
