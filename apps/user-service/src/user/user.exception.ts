import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum UserErrorCode {
  EmailTaken = 'EMAIL_TAKEN',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  CurrentPasswordRequired = 'CURRENT_PASSWORD_REQUIRED',
  CurrentPasswordInvalid = 'CURRENT_PASSWORD_INVALID',
  UserNotFound = 'USER_NOT_FOUND',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
}

const statusOf: Record<UserErrorCode, HttpStatus> = {
  [UserErrorCode.EmailTaken]: HttpStatus.CONFLICT,
  [UserErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [UserErrorCode.CurrentPasswordRequired]: HttpStatus.BAD_REQUEST,
  [UserErrorCode.CurrentPasswordInvalid]: HttpStatus.FORBIDDEN,
  [UserErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [UserErrorCode.InvalidRefreshToken]: HttpStatus.UNAUTHORIZED,
  [UserErrorCode.RefreshTokenReused]: HttpStatus.UNAUTHORIZED,
};

export class UserException extends domainException(statusOf) {}
