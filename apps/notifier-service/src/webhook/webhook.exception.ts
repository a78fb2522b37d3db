import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum WebhookErrorCode {
  WebhookNotFound = 'WEBHOOK_NOT_FOUND',
  DeliveryNotFound = 'DELIVERY_NOT_FOUND',
  /** The target is not https (where required), or resolves to an address webhooks may not call. */
  WebhookUrlNotAllowed = 'WEBHOOK_URL_NOT_ALLOWED',
  /** A disabled subscription is not delivered to: enable it first. */
  WebhookDisabled = 'WEBHOOK_DISABLED',
}

const statusOf: Record<WebhookErrorCode, HttpStatus> = {
  [WebhookErrorCode.WebhookNotFound]: HttpStatus.NOT_FOUND,
  [WebhookErrorCode.DeliveryNotFound]: HttpStatus.NOT_FOUND,
  [WebhookErrorCode.WebhookUrlNotAllowed]: HttpStatus.BAD_REQUEST,
  [WebhookErrorCode.WebhookDisabled]: HttpStatus.CONFLICT,
};

export class WebhookException extends domainException(statusOf) {}
