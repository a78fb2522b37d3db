import { AppException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum AuthErrorCode {
  /** The token is genuine and unexpired, but its session was ended (role or password change, logout, reuse). */
  TokenRevoked = 'TOKEN_REVOKED',
}

export class TokenRevokedException extends AppException {
  constructor() {
    super(
      HttpStatus.UNAUTHORIZED,
      AuthErrorCode.TokenRevoked,
      'This access token was revoked (role or password changed, or the session ended); refresh or sign in again',
    );
  }
}
