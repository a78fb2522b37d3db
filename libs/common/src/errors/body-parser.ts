import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { requestIdOf } from '../request-context/request-context';
import { ErrorBody } from './error-body';
import { CommonErrorCode } from './error-code';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/**
 * Installs the JSON body parser with a size cap, and turns its failures into api-v1 errors
 * (Express would otherwise answer them with an HTML page, stack included outside production).
 */
export function installJsonBodyParser(app: INestApplication, limit: string): void {
  app.use(express.json({ limit }));
  app.use((err: BodyParserError, req: Request, res: Response, next: NextFunction) => {
    if (!err || typeof err.type !== 'string') return next(err);
    const body = bodyParserErrorBody(err);
    body.requestId = requestIdOf(req);
    res.status(body.statusCode).json(body);
  });
}

function bodyParserErrorBody(err: BodyParserError): ErrorBody {
  switch (err.type) {
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
    default:
      return {
        statusCode: err.status && err.status < 500 ? err.status : 400,
        code: CommonErrorCode.BadRequest,
        message: 'Request body could not be read',
      };
  }
}
