import { isOverloadError } from './overload';

describe('isOverloadError', () => {
  it.each([
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated due to connection timeout'),
    Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
    Object.assign(new Error('query failed'), { driverError: { code: '57P03' } }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
  ])('treats %s as overload', (error) => {
    expect(isOverloadError(error)).toBe(true);
  });

  it.each([
    new Error('duplicate key value violates unique constraint'),
    Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }),
    'timeout exceeded when trying to connect',
    undefined,
  ])('does not treat %s as overload', (error) => {
    expect(isOverloadError(error)).toBe(false);
  });
});
