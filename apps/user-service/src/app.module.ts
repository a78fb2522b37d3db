import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { Module } from '@nestjs/common';
import { userServiceConfigSchema } from './config/user-service.config';
import { UserAuthModule } from './auth/auth.module';
import { RefreshTokenEntity } from './auth/refresh-token.entity';
import { userServiceMigrations } from './migrations';
import { UserEntity } from './user/user.entity';
import { UserModule } from './user/user.module';

@Module({
  imports: [
    CommonModule.forRoot('user-service', userServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [UserEntity, RefreshTokenEntity], migrations: userServiceMigrations }),
    MessagingModule.forRoot(),
    AuthModule,
    UserModule,
    UserAuthModule,
  ],
})
export class AppModule {}
