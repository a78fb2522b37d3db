import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { Module } from '@nestjs/common';
import { bookingServiceConfigSchema } from './config/booking-service.config';
import { bookingServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('booking-service', bookingServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [], migrations: bookingServiceMigrations }),
    MessagingModule.forRoot(),
    AuthModule,
  ],
})
export class AppModule {}
