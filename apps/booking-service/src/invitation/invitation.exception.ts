import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum InvitationErrorCode {
  InvitationNotFound = 'INVITATION_NOT_FOUND',
  RsvpClosed = 'RSVP_CLOSED',
}

const statusOf: Record<InvitationErrorCode, HttpStatus> = {
  [InvitationErrorCode.InvitationNotFound]: HttpStatus.NOT_FOUND,
  [InvitationErrorCode.RsvpClosed]: HttpStatus.CONFLICT,
};

export class InvitationException extends domainException(statusOf) {}
