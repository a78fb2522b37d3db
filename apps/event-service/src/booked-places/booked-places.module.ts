import { Module } from '@nestjs/common';
import { BookedPlacesHandler } from './booked-places.handler';
import { BookedPlacesRepository } from './booked-places.repository';
import { BookedPlacesService } from './booked-places.service';

@Module({
  controllers: [BookedPlacesHandler],
  providers: [BookedPlacesService, BookedPlacesRepository],
  exports: [BookedPlacesService],
})
export class BookedPlacesModule {}
