import { IsDateTimeWithOffset, Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PROMO_CODE_PATTERN, PromoCode } from '../promo-code.rules';

export class CreatePromoCodeDto {
  @ApiProperty({ example: 'EARLY20', description: 'Letters, digits, - and _ (3-32); matched in any case' })
  @IsString()
  @Matches(PROMO_CODE_PATTERN, { message: 'code must be 3-32 letters, digits, - or _' })
  code!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Percent off each place; or amountOff' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100)
  percentOff?: number;

  @ApiPropertyOptional({ description: "Minor units of the event's currency off each place; or percentOff" })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountOff?: number;

  @ApiPropertyOptional({ type: [String], description: 'The ticket types it applies to; left out: all' })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  ticketTypeIds?: string[];

  @ApiPropertyOptional({ minimum: 1, description: 'Orders that may use it; left out: no limit' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxUses?: number;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @Omittable()
  @IsDateTimeWithOffset()
  validFrom?: string;

  @ApiPropertyOptional({ example: '2027-02-01T00:00:00Z' })
  @Omittable()
  @IsDateTimeWithOffset()
  validUntil?: string;

  @ApiPropertyOptional({ description: 'Hidden ticket types it applies to may be ordered with it' })
  @Omittable()
  @IsBoolean()
  unlocksHidden?: boolean;
}

export class UpdatePromoCodeDto {
  @ApiProperty({ description: 'true withdraws the code (orders holding it keep it); false brings it back' })
  @IsBoolean()
  disabled!: boolean;
}

export class PromoCodeDto {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ type: Number, nullable: true }) percentOff!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units off each place' })
  amountOff!: number | null;
  @ApiProperty({ type: [String], nullable: true }) ticketTypeIds!: string[] | null;
  @ApiProperty({ type: Number, nullable: true }) maxUses!: number | null;
  @ApiProperty({ description: 'Orders holding it: confirmed, or awaiting payment' }) uses!: number;
  @ApiProperty({ type: String, nullable: true }) validFrom!: string | null;
  @ApiProperty({ type: String, nullable: true }) validUntil!: string | null;
  @ApiProperty() unlocksHidden!: boolean;
  @ApiProperty({ type: String, nullable: true }) disabledAt!: string | null;
  @ApiProperty() createdAt!: string;

  static from(code: PromoCode): PromoCodeDto {
    return {
      id: code.id,
      eventId: code.eventId,
      code: code.code,
      percentOff: code.percentOff,
      amountOff: code.amountOff,
      ticketTypeIds: code.ticketTypeIds,
      maxUses: code.maxUses,
      uses: code.uses,
      validFrom: code.validFrom?.toISOString() ?? null,
      validUntil: code.validUntil?.toISOString() ?? null,
      unlocksHidden: code.unlocksHidden,
      disabledAt: code.disabledAt?.toISOString() ?? null,
      createdAt: code.createdAt.toISOString(),
    };
  }
}

export class PromoCodeListDto {
  @ApiProperty({ type: [PromoCodeDto] }) items!: PromoCodeDto[];
}
