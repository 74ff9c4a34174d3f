import {
  LogSettings,
  NotifySettings,
  parseConfiguration,
  SlackSettings,
  StoreSettings,
} from '@agentcore/adapters';
import { SealingKeySettings } from '@agentcore/store';
import * as z from 'zod';

export const NotifierConfigSchema = z.object({
  ...StoreSettings,
  ...NotifySettings,
  ...LogSettings,
  ...SlackSettings,
  ...SealingKeySettings,
});
export type NotifierConfig = z.output<typeof NotifierConfigSchema>;

export function parseNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
): NotifierConfig {
  return parseConfiguration('completion-notifier', NotifierConfigSchema, env);
}
