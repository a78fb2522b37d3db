import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Times every request; labels use the route pattern (not the raw URL) to keep cardinality bounded. */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route as { path?: unknown } | undefined;
      // Nest's not-found fallback is a catch-all route; count it as unmatched.
      const path = typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : undefined;
      const pattern = path === undefined || path.includes('*') ? 'unmatched' : path;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.observeHttp(req.method, pattern, res.statusCode, seconds);
    });
    next();
  };
}
