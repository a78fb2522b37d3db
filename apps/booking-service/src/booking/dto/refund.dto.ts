import { Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { LedgerEntry } from '../../payment/payment.repository';

export class RefundRequestDto {
  @ApiPropertyOptional({ description: 'Minor units; left out: everything not refunded yet' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amount?: number;
}

export class RefundDto {
  @ApiProperty() id!: string;
  @ApiProperty() bookingId!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ description: 'How the money goes back: offline (the organizer transfers it), stripe' })
  provider!: string;
  @ApiProperty() createdAt!: string;

  static from(entry: LedgerEntry): RefundDto {
    return {
      id: entry.id,
      bookingId: entry.bookingId,
      amount: entry.amount,
      currency: entry.currency,
      provider: entry.provider,
      createdAt: entry.createdAt.toISOString(),
    };
  }
}
