import type { PublishedMessage } from '@agentcore/stand-ins';

/** A notification as the local console shows it: its subject, then its text in a box. */
export function renderNotification(message: PublishedMessage): string {
  const body = message.message
    .split('\n')
    .map((line) => `  │ ${line}`)
    .join('\n');
  return `\n  ┌ ${message.subject ?? '(no subject)'}\n${body}\n`;
}
