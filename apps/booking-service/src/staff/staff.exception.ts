import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum StaffErrorCode {
  /** No account with that email is known here (the person signs up first). */
  UserNotFound = 'USER_NOT_FOUND',
  StaffNotFound = 'STAFF_NOT_FOUND',
}

const statusOf: Record<StaffErrorCode, HttpStatus> = {
  [StaffErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [StaffErrorCode.StaffNotFound]: HttpStatus.NOT_FOUND,
};

export class StaffException extends domainException(statusOf) {}
