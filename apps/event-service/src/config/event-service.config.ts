import { authConfigSchema } from '@evently/auth';
import { baseConfigSchema } from '@evently/common';
import { messagingConfigSchema } from '@evently/messaging';
import { schedulerConfigSchema } from '@evently/scheduler';

export const eventServiceConfigSchema = baseConfigSchema.extend({
  ...messagingConfigSchema.shape,
  ...authConfigSchema.shape,
  ...schedulerConfigSchema.shape,
});
