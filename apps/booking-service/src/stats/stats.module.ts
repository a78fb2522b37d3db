import { Module } from '@nestjs/common';
import { StatsRepository } from './stats.repository';

/**
 * Sales counters kept in the transactions that change bookings and RSVP answers, for analytics; the
 * repository is the module's API (recording has no rules of its own).
 */
@Module({ providers: [StatsRepository], exports: [StatsRepository] })
export class StatsModule {}
