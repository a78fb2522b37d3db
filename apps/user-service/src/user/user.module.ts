import { Module } from '@nestjs/common';
import { SessionModule } from '../auth/session.module';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UserController } from './user.controller';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Module({
  imports: [SessionModule],
  controllers: [UserController],
  providers: [UserService, UserRepository, PasswordHasher, AdminBootstrap],
  exports: [UserService],
})
export class UserModule {}
