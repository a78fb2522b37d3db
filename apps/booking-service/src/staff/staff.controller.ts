import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AddStaffDto, StaffDto, StaffListDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

/** An event's door staff, for its organizer or an admin (the gateway routes these here). */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('events/:eventId/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  /** Adds a person (by the email of their account) as door staff or a manager; again, changes the role. */
  @Post()
  @ApiCreatedResponse({ type: StaffDto })
  async add(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Body() body: AddStaffDto,
  ): Promise<StaffDto> {
    return StaffDto.from(await this.staff.add(caller, eventId, body.email, body.role));
  }

  @Get()
  @ApiOkResponse({ type: StaffListDto })
  async list(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<StaffListDto> {
    return { items: (await this.staff.list(caller, eventId)).map((s) => StaffDto.from(s)) };
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Param('userId', uuidParam()) userId: string,
  ): Promise<void> {
    await this.staff.remove(caller, eventId, userId);
  }
}
