import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { BookingService } from './booking.service';

const BATCH = 100;

/**
 * Gives back the places of general-admission claims whose booking never came (the process died between
 * claiming and committing). Every instance runs it; a claim is given back once, by whoever deletes it.
 */
@Injectable()
export class ClaimSweeper extends BackgroundLoop {
  constructor(
    private readonly bookings: BookingService,
    @InjectConfig() config: BookingServiceConfig,
    metrics: MetricsService,
  ) {
    super({
      name: 'claim-sweeper',
      intervalMs: Math.max(1000, (config.BOOKING_CLAIM_TTL_SECONDS * 1000) / 4),
      registry: metrics.registry,
    });
  }

  protected async round(): Promise<boolean> {
    return (await this.bookings.sweepClaims(BATCH)) === BATCH;
  }
}
