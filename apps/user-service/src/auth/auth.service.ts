import { Role } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserEntity } from '../user/user.entity';
import { UserException } from '../user/user.exception';
import { UserService } from '../user/user.service';
import { TokenPair, TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserService,
    private readonly tokens: TokenService,
  ) {}

  register(input: {
    email: string;
    password: string;
    fullName: string;
    role?: 'customer' | 'organizer';
  }): Promise<UserEntity> {
    return this.users.registerUser({
      ...input,
      role: input.role === 'organizer' ? Role.Organizer : Role.Customer,
    });
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.users.verifyCredentials(email, password);
    return this.dataSource.transaction((manager) => this.tokens.issuePair(manager, user));
  }

  /** Rotation: the presented token is spent, a new pair of the same family is issued with the current role. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      try {
        const spent = await this.tokens.spend(manager, refreshToken);
        const user = await this.users.getUser(spent.userId, manager);
        return { pair: await this.tokens.issuePair(manager, user, spent.familyId), refused: undefined };
      } catch (error) {
        // A refused token (reuse revokes its family) must commit even though the call fails;
        // anything unexpected rolls back, so that no token is spent without a successor.
        if (error instanceof UserException) return { pair: undefined, refused: error };
        throw error;
      }
    });
    if (outcome.refused) throw outcome.refused;
    return outcome.pair;
  }

  logout(userId: string, refreshToken: string): Promise<void> {
    return this.dataSource.transaction((manager) =>
      this.tokens.revokeFamilyOf(manager, refreshToken, userId),
    );
  }
}
