import { findSlackPerson, type PeopleDirectory } from '@agentcore/adapters';
import type { Requester } from '@agentcore/core';

/** Who acts: the verified Slack user of the event or click, as the directory knows them. */
export interface SlackPrincipal {
  /** The directory's id for them: what requests, votes and policy name. */
  userId: string;
  /** The Slack user id Slack signed (what ephemeral messages and mentions use). */
  slackUserId: string;
  displayName: string;
  email?: string;
  groups: readonly string[];
}

/** The person behind a verified Slack user id, or what to tell them when nobody (or two) is. */
export type Identification =
  | { known: true; principal: SlackPrincipal }
  | { known: false; text: string };

/**
 * The person behind a verified Slack user id: the one directory person whose `slackUserId` (or,
 * when they name none, whose `userId`) is that id. Unknown or ambiguous: they are told so, and
 * nothing runs. Groups come from the directory alone.
 */
export async function identify(
  directory: PeopleDirectory,
  slackUserId: string,
): Promise<Identification> {
  const match = await findSlackPerson(directory, slackUserId);
  if (match.status === 'ambiguous') return { known: false, text: ambiguousPersonText(slackUserId) };
  if (match.status === 'unknown') return { known: false, text: unknownPersonText(slackUserId) };
  const { person } = match;
  return {
    known: true,
    principal: {
      userId: person.userId,
      slackUserId,
      displayName: person.displayName ?? person.userId,
      ...(person.email ? { email: person.email } : {}),
      groups: [...person.groups],
    },
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

function ambiguousPersonText(slackUserId: string): string {
  return (
    `Your Slack id (${slackUserId}) belongs to more than one person in this system's directory, ` +
    'so I cannot tell who you are and did nothing. Ask an administrator to fix the directory.'
  );
}
