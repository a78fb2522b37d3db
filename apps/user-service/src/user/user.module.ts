import { Module } from '@nestjs/common';
import { SessionModule } from '../session/session.module';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UserController } from './user.controller';
import { UserService } from './user.service';

@Module({
  imports: [SessionModule],
  controllers: [UserController],
  providers: [UserService, PasswordHasher, AdminBootstrap],
  exports: [UserService],
})
export class UserModule {}
