import { Role } from '../role';
import { RevokedSessions } from './revoked-sessions';

const USER = '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11';
const SESSION = '0b7c2f4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';
const soon = () => new Date(Date.now() + 60_000);
const token = (tokenVersion: number, sessionId: string | null = null) => ({
  id: USER,
  email: 'a@example.test',
  role: Role.Customer,
  tokenVersion,
  sessionId,
});

describe('RevokedSessions', () => {
  it('revokes a token whose version is below the revoked one, and not the next version', () => {
    const revoked = new RevokedSessions();
    revoked.replace([{ userId: USER, tokenVersion: 2, sessionId: null, expiresAt: soon() }]);
    expect([0, 1, 2, 3].map((v) => revoked.isRevoked(token(v)))).toEqual([true, true, false, false]);
  });

  it('revokes every token of a revoked session, whatever its version', () => {
    const revoked = new RevokedSessions();
    revoked.replace([{ userId: USER, tokenVersion: 0, sessionId: SESSION, expiresAt: soon() }]);
    expect([revoked.isRevoked(token(0, SESSION)), revoked.isRevoked(token(5, SESSION))]).toEqual([
      true,
      true,
    ]);
    expect(revoked.isRevoked(token(0, null))).toBe(false);
  });

  it('keeps the highest version of a user, whatever the order of the rows', () => {
    const revoked = new RevokedSessions();
    revoked.replace([
      { userId: USER, tokenVersion: 3, sessionId: null, expiresAt: soon() },
      { userId: USER, tokenVersion: 1, sessionId: SESSION, expiresAt: soon() },
    ]);
    expect(revoked.isRevoked(token(2))).toBe(true);
  });

  it('forgets revocations that have expired (their tokens have too)', () => {
    const revoked = new RevokedSessions();
    revoked.replace([
      { userId: USER, tokenVersion: 2, sessionId: SESSION, expiresAt: new Date(Date.now() - 1) },
    ]);
    expect([revoked.isRevoked(token(0)), revoked.isRevoked(token(0, SESSION)), revoked.size]).toEqual([
      false,
      false,
      0,
    ]);
  });

  it('knows nothing of other users', () => {
    const revoked = new RevokedSessions();
    revoked.replace([{ userId: USER, tokenVersion: 9, sessionId: null, expiresAt: soon() }]);
    expect(revoked.isRevoked({ ...token(0), id: '11111111-1111-4111-8111-111111111111' })).toBe(false);
  });
});
