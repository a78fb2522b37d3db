import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/public.decorator';
import { BROKER_STATUS, BrokerStatus } from './broker-status';

type CheckDetails = Record<string, { status: string; message?: string }>;

export interface HealthBody {
  status: 'ok' | 'error';
  checks: CheckDetails;
}

const DATABASE_PING_TIMEOUT_MS = 2000;

/** GET /health: 200 when the database and the broker answer, 503 naming the failing check otherwise. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(BROKER_STATUS) private readonly broker: BrokerStatus,
  ) {}

  @Get()
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthBody> {
    const checks: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
      () => {
        const indicator = this.indicators.check('broker');
        return this.broker.isConnected() ? indicator.up() : indicator.down({ message: 'not connected' });
      },
    ];
    try {
      const result = await this.health.check(checks);
      return { status: 'ok', checks: result.details as CheckDetails };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { details?: CheckDetails };
      void res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', checks: result.details ?? {} };
    }
  }
}
