import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum PaymentErrorCode {
  /** The provider is not configured here, or does not take this order (`details.reason`). */
  PaymentProviderUnavailable = 'PAYMENT_PROVIDER_UNAVAILABLE',
  /** A webhook whose signature does not verify: refused, nothing recorded. */
  WebhookSignatureInvalid = 'WEBHOOK_SIGNATURE_INVALID',
  /** The provider could not be reached or refused the call; nothing was started. */
  PaymentProviderFailed = 'PAYMENT_PROVIDER_FAILED',
}

const statusOf: Record<PaymentErrorCode, HttpStatus> = {
  [PaymentErrorCode.PaymentProviderUnavailable]: HttpStatus.CONFLICT,
  [PaymentErrorCode.WebhookSignatureInvalid]: HttpStatus.BAD_REQUEST,
  [PaymentErrorCode.PaymentProviderFailed]: HttpStatus.BAD_GATEWAY,
};

export class PaymentException extends domainException(statusOf) {}
