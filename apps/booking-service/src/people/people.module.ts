import { Module } from '@nestjs/common';
import { PeopleRepository } from './people.repository';

/** The people booking-service knows by name and email (staff by email, attendee lists). */
@Module({
  providers: [PeopleRepository],
  exports: [PeopleRepository],
})
export class PeopleModule {}
