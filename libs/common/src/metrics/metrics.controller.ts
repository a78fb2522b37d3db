import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/public.decorator';
import { MetricsService } from './metrics.service';

/** GET /metrics in Prometheus text format (reached directly, not through the gateway). */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: FastifyReply): Promise<void> {
    const text = await this.metrics.registry.metrics();
    void res.header('Content-Type', this.metrics.registry.contentType).send(text);
  }
}
