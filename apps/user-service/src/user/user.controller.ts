import { AuthUser, CurrentUser, Role, Roles } from '@evently/auth';
import { Page, uuidParam } from '@evently/common';
import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ChangeRoleDto, ListUsersQueryDto, UpdateMeDto, UserDto, UserPageDto } from './dto/user.dto';
import { UserService } from './user.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  /** The caller's own account. */
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() caller: AuthUser): Promise<UserDto> {
    return UserDto.from(await this.users.getUser(caller.id));
  }

  /** Changes the caller's name or password (the current one is required for a new one). */
  @Patch('me')
  @ApiOkResponse({ type: UserDto })
  async updateMe(@CurrentUser() caller: AuthUser, @Body() body: UpdateMeDto): Promise<UserDto> {
    return UserDto.from(await this.users.updateProfile(caller.id, body));
  }

  /** Every account, newest first (admins). */
  @Roles(Role.Admin)
  @Get()
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const page = await this.users.listUsers(query.limit, query.cursor);
    return { items: page.items.map((u) => UserDto.from(u)), nextCursor: page.nextCursor };
  }

  /** Changes an account's role (admins). */
  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  async changeRole(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: ChangeRoleDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.changeRole(id, body.role, caller));
  }
}
