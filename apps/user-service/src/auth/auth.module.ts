import { Module } from '@nestjs/common';
import { UserModule } from '../user/user.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionModule } from './session.module';
import { TokenService } from './token.service';

/** Registration, login and refresh-token rotation: the only place in Evently that signs access tokens. */
@Module({
  imports: [UserModule, SessionModule],
  controllers: [AuthController],
  providers: [AuthService, TokenService],
})
export class UserAuthModule {}
