import {
  LogSettings,
  NotifySettings,
  parseConfiguration,
  StoreSettings,
} from '@agentcore/adapters';
import { z } from 'zod';

export const NotifierConfigSchema = z.object({
  ...StoreSettings,
  ...NotifySettings,
  ...LogSettings,
});
export type NotifierConfig = z.output<typeof NotifierConfigSchema>;

export function parseNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
): NotifierConfig {
  return parseConfiguration('completion-notifier', NotifierConfigSchema, env);
}
