import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PaymentStart, PROVIDER_NAMES, ProviderName } from '../payment-provider';

export class PayRequestDto {
  @ApiProperty({
    enum: PROVIDER_NAMES,
    description: 'offline (bank transfer) or stripe (card, when configured)',
  })
  @IsIn(PROVIDER_NAMES)
  provider!: ProviderName;
}

export class PaymentStartDto {
  @ApiProperty({ enum: PROVIDER_NAMES }) provider!: ProviderName;
  @ApiProperty() bookingId!: string;
  @ApiProperty({ description: 'Minor units to pay' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ description: 'offline: the reference to quote with the transfer; stripe: the session id' })
  reference!: string;
  @ApiProperty({ type: String, nullable: true, description: 'offline: how to pay' })
  instructions!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "stripe: the provider's payment page" })
  redirectUrl!: string | null;
  @ApiProperty({ description: 'When the hold lapses unpaid' }) dueAt!: string;

  static from(
    bookingId: string,
    started: PaymentStart & { amount: number; currency: string; dueAt: Date },
  ): PaymentStartDto {
    return {
      provider: started.provider,
      bookingId,
      amount: started.amount,
      currency: started.currency,
      reference: started.reference,
      instructions: started.instructions,
      redirectUrl: started.redirectUrl,
      dueAt: started.dueAt.toISOString(),
    };
  }
}

export class WebhookReceiptDto {
  @ApiProperty() received!: boolean;
  @ApiProperty({
    enum: ['confirmed', 'revived', 'refunded', 'duplicate', 'ignored'],
    description: 'What the event did to its booking',
  })
  outcome!: string;
}

export class PaymentMethodsDto {
  @ApiProperty({
    enum: PROVIDER_NAMES,
    isArray: true,
    description: 'What a priced order may be paid with here',
  })
  providers!: ProviderName[];
}
