import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum PromoErrorCode {
  /** An order named a code that does not apply now; `details.reason` says why. */
  PromoCodeInvalid = 'PROMO_CODE_INVALID',
  PromoCodeExists = 'PROMO_CODE_EXISTS',
  PromoCodeNotFound = 'PROMO_CODE_NOT_FOUND',
}

const statusOf: Record<PromoErrorCode, HttpStatus> = {
  [PromoErrorCode.PromoCodeInvalid]: HttpStatus.CONFLICT,
  [PromoErrorCode.PromoCodeExists]: HttpStatus.CONFLICT,
  [PromoErrorCode.PromoCodeNotFound]: HttpStatus.NOT_FOUND,
};

export class PromoException extends domainException(statusOf) {}
