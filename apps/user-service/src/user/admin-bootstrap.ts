import { InjectConfig } from '@evently/common';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UserServiceConfig } from '../config/user-service.config';
import { UserService } from './user.service';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start-up, idempotently. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    @InjectConfig() private readonly config: UserServiceConfig,
    private readonly users: UserService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD) return;
    await this.users.ensureAdmin(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD);
    this.logger.log(`Admin account ${this.config.ADMIN_EMAIL} is in place`);
  }
}
