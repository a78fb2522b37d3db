import { isConnectionLost, isOverloadError } from './overload';

describe('isOverloadError', () => {
  it.each([
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated due to connection timeout'),
    Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
    Object.assign(new Error('query failed'), { driverError: { code: '57P03' } }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104 }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55433'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated'),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('query failed'), {
      driverError: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    }),
    new Error('releasing failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    }),
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

describe('isConnectionLost', () => {
  it.each([
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    }),
  ])('knows %s as a lost connection (a read may retry on a fresh one)', (error) => {
    expect(isConnectionLost(error)).toBe(true);
  });

  it.each([
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
    Object.assign(new Error('deadlock detected'), { code: '40P01' }),
  ])('does not take %s for a lost connection (retrying would only add load)', (error) => {
    expect(isConnectionLost(error)).toBe(false);
  });
});
