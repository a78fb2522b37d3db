import { Module } from '@nestjs/common';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionService } from './session.service';

/** Sessions (refresh-token families) and their ending; used by sign-in and by account changes alike. */
@Module({
  providers: [SessionService, RefreshTokenRepository],
  exports: [SessionService, RefreshTokenRepository],
})
export class SessionModule {}
