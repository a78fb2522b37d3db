import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { requestIdOf } from '../request-context/request-context';
import { inputGuardMiddleware } from '../validation/input-guard';
import { AppException } from './app.exception';
import { ErrorBody, errorBodyOf } from './error-body';
import { CommonErrorCode, errorCodeForStatus } from './error-code';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
}

/**
 * Installs the JSON body parser with a size cap and the input guard (NUL, unpaired surrogates, nesting),
 * and renders what they refuse as api-v1 errors. Errors raised in Express middleware never reach Nest's
 * filter, and Express would answer them with an HTML page (a 500 for anything without a status).
 */
export function installJsonBodyParser(app: INestApplication, limit: string): void {
  app.use(express.json({ limit }));
  app.use(inputGuardMiddleware);
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const body = edgeErrorBody(err);
    if (!body) return next(err);
    body.requestId = requestIdOf(req);
    res.status(body.statusCode).json(body);
  });
}

/** The api-v1 body of an error raised before routing, or undefined when it is not one of ours. */
function edgeErrorBody(err: unknown): ErrorBody | undefined {
  if (err instanceof AppException) return errorBodyOf(err);
  if (!(err instanceof Error)) return undefined;
  const parserError = err as BodyParserError;
  const status = parserError.status ?? parserError.statusCode;
  if (typeof parserError.type !== 'string' && typeof status !== 'number') return undefined;
  switch (parserError.type) {
    case 'entity.parse.failed':
      return {
        statusCode: 400,
        code: CommonErrorCode.MalformedJson,
        message: 'Request body is not valid JSON',
      };
    case 'entity.too.large':
      return { statusCode: 413, code: CommonErrorCode.PayloadTooLarge, message: 'Request body is too large' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        statusCode: 415,
        code: CommonErrorCode.UnsupportedMediaType,
        message: 'Unsupported body encoding',
      };
  }
  // Anything else the parser raises with a client status (a gzip header on a plain body, an aborted or
  // truncated upload, a length mismatch) keeps that status; none of them is the server's fault.
  const clientStatus = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
  return {
    statusCode: clientStatus,
    code: clientStatus === 400 ? CommonErrorCode.BadRequest : errorCodeForStatus(clientStatus),
    message: 'Request body could not be read',
  };
}
