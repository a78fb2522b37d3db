import { AuthUser, CurrentUser } from '@evently/auth';
import { Public, rawBodyOf, uuidParam } from '@evently/common';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { SettlePayment } from '../use-cases/settle-payment';
import { StartPayment } from '../use-cases/start-payment';
import { PaymentMethodsDto, PaymentStartDto, PayRequestDto, WebhookReceiptDto } from './dto/payment.dto';
import { PaymentProviders } from './payment-providers';
import { StripeProvider } from './stripe.provider';

@ApiTags('payments')
@Controller()
export class PaymentController {
  constructor(
    private readonly startPayment: StartPayment,
    private readonly settle: SettlePayment,
    private readonly stripe: StripeProvider,
    private readonly providers: PaymentProviders,
  ) {}

  /** The ways a priced order can be paid here (stripe only when it is configured). */
  @Public()
  @Get('payments/methods')
  @ApiOkResponse({ type: PaymentMethodsDto })
  methods(): PaymentMethodsDto {
    return { providers: this.providers.offered() };
  }

  /**
   * Starts paying an order awaiting payment (its holder): offline answers the reference and instructions,
   * stripe a `redirectUrl` to its payment page. 409 BOOKING_NOT_PAYABLE when the hold lapsed or was paid,
   * 409 PAYMENT_PROVIDER_UNAVAILABLE when the provider is not configured.
   */
  @Post('bookings/:id/pay')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: PaymentStartDto })
  async pay(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: PayRequestDto,
  ): Promise<PaymentStartDto> {
    return PaymentStartDto.from(id, await this.startPayment.execute(caller, id, body.provider));
  }

  /**
   * Stripe's webhook: verified with the SDK over the body as received (400 WEBHOOK_SIGNATURE_INVALID
   * otherwise); a paid Checkout Session settles its booking once, however often it is delivered.
   */
  @Public()
  @Post('payments/stripe/webhook')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookReceiptDto })
  async stripeWebhook(
    @Req() request: FastifyRequest,
    @Headers('stripe-signature') signature: string | undefined,
    // Read so that the body is accepted; what is verified and used is the raw body.
    @Body() _parsed: unknown,
  ): Promise<WebhookReceiptDto> {
    const paid = this.stripe.verifiedEvent(rawBodyOf(request), signature);
    if (!paid) return { received: true, outcome: 'ignored' };
    const settled = await this.settle.execute({ ...paid, provider: 'stripe', recordedBy: null });
    return { received: true, outcome: settled?.settlement ?? 'ignored' };
  }
}
