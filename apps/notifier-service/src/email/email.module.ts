import { Module } from '@nestjs/common';
import { EmailService } from './email.service';
import { Mailer } from './mailer';

@Module({
  providers: [Mailer, EmailService],
  exports: [EmailService],
})
export class EmailModule {}
