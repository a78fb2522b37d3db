import { Module } from '@nestjs/common';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UserController } from './user.controller';
import { UserService } from './user.service';

@Module({
  controllers: [UserController],
  providers: [UserService, PasswordHasher, AdminBootstrap],
  exports: [UserService],
})
export class UserModule {}
