import { AuthUser, CurrentUser, Role, Roles } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateWebhookDto,
  DeliveryDto,
  DeliveryListDto,
  ListDeliveriesQueryDto,
  ReplayDto,
  ReplayResultDto,
  TestResultDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookListDto,
  WebhookWithSecretDto,
} from './dto/webhook.dto';
import { WebhookService } from './webhook.service';

/** An organizer's webhooks (Standard Webhooks, signed; at least once, in feed order per subscription). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles(Role.Organizer, Role.Admin)
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  /** Subscribes a URL to changes of the caller's events; the answer holds the signing secret, once. */
  @Post()
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  async create(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateWebhookDto,
  ): Promise<WebhookWithSecretDto> {
    return WebhookWithSecretDto.withSecret(await this.webhooks.create(caller, body));
  }

  @Get()
  @ApiOkResponse({ type: WebhookListDto })
  async list(@CurrentUser() caller: AuthUser): Promise<WebhookListDto> {
    return { items: (await this.webhooks.list(caller)).map((s) => WebhookDto.from(s)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookDto })
  async get(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<WebhookDto> {
    return WebhookDto.from(await this.webhooks.get(caller, id));
  }

  /** Changes the URL, the types, the event; `enabled` disables or enables it. */
  @Patch(':id')
  @ApiOkResponse({ type: WebhookDto })
  async update(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return WebhookDto.from(await this.webhooks.update(caller, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.webhooks.remove(caller, id);
  }

  /** A new secret (answered once); the previous one keeps signing for WEBHOOK_SECRET_OVERLAP_HOURS (24). */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookWithSecretDto })
  async rotate(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<WebhookWithSecretDto> {
    return WebhookWithSecretDto.withSecret(await this.webhooks.rotate(caller, id));
  }

  /** Sends a signed `webhook.test` now and answers how the receiver took it. */
  @Post(':id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: TestResultDto })
  async test(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<TestResultDto> {
    return TestResultDto.from(await this.webhooks.test(caller, id));
  }

  /** Deliveries, newest first: status, attempts, the receiver's last answer. */
  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryListDto })
  async deliveries(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<DeliveryListDto> {
    const limit = query.limit ?? 50;
    const items = await this.webhooks.deliveries(caller, id, {
      limit,
      beforeSeq: query.beforeSeq,
      status: query.status,
    });
    return {
      items: items.map((d) => DeliveryDto.from(d)),
      nextBeforeSeq: items.length === limit ? items[items.length - 1].seq : null,
    };
  }

  /** Sends a delivery again, with the same webhook-id. */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOkResponse({ type: DeliveryDto })
  async redeliver(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('deliveryId', uuidParam()) deliveryId: string,
  ): Promise<DeliveryDto> {
    return DeliveryDto.from(await this.webhooks.redeliver(caller, id, deliveryId));
  }

  /** Sends everything after feed number `after` again (what a receiver missed). */
  @Post(':id/replay')
  @HttpCode(202)
  @ApiOkResponse({ type: ReplayResultDto })
  async replay(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReplayDto,
  ): Promise<ReplayResultDto> {
    return { queued: await this.webhooks.replay(caller, id, body.after) };
  }
}
