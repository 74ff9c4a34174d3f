import type { PeopleDirectory } from '@agentcore/adapters';
import type { Requester } from '@agentcore/core';

/** Who acts: the verified Slack user of the event or click, as the directory knows them. */
export interface SlackPrincipal {
  userId: string;
  displayName: string;
  email?: string;
  groups: readonly string[];
}

/**
 * The person behind a verified Slack user id, or undefined when the directory does not know
 * them (they get told so, and nothing runs). Groups come from the directory alone.
 */
export async function principalOf(
  directory: PeopleDirectory,
  slackUserId: string,
): Promise<SlackPrincipal | undefined> {
  const person = await directory.person(slackUserId);
  if (!person) return undefined;
  return {
    userId: person.userId,
    displayName: person.displayName ?? person.userId,
    ...(person.email ? { email: person.email } : {}),
    groups: [...person.groups],
  };
}

export function requesterOf(principal: SlackPrincipal): Requester {
  return {
    userId: principal.userId,
    ...(principal.email ? { email: principal.email } : {}),
    groups: [...principal.groups],
  };
}

export function unknownPersonText(slackUserId: string): string {
  return (
    `I do not know you (${slackUserId}): you are not in this system's directory, so I did ` +
    'nothing. Ask an administrator to add you.'
  );
}
