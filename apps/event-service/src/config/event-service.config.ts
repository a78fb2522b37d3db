import { authConfigSchema } from '@evently/auth';
import { baseConfigSchema } from '@evently/common';
import { messagingConfigSchema } from '@evently/messaging';

export const eventServiceConfigSchema = baseConfigSchema.extend({
  ...messagingConfigSchema.shape,
  ...authConfigSchema.shape,
});
