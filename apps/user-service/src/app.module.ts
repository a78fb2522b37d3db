import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { Module } from '@nestjs/common';
import { userServiceConfigSchema } from './config/user-service.config';
import { userServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('user-service', userServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [], migrations: userServiceMigrations }),
    MessagingModule.forRoot(),
    AuthModule,
  ],
})
export class AppModule {}
