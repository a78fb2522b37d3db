import type { FastifyReply, FastifyRequest } from 'fastify';
import { MetricsService } from './metrics.service';

/**
 * Fastify `onResponse` hook timing every request; labels use the route pattern (not the raw URL) to keep
 * cardinality bounded, and a request no route matched counts as `unmatched`.
 */
export function httpMetricsHook(metrics: MetricsService) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const route = request.routeOptions.url;
    const pattern = route === undefined || route.includes('*') ? 'unmatched' : route;
    metrics.observeHttp(request.method, pattern, reply.statusCode, reply.elapsedTime / 1000);
    done();
  };
}
