import type { ApprovalItem } from '@agentcore/core';
import { type PeopleDirectory, slackUserIdOf } from '../directory.js';

/** The Slack user id of a directory id (the id itself when the directory names no other). */
export type SlackIdOf = (userId: string) => Promise<string>;

/** Directory ids as themselves: for directories keyed by Slack ids (the local one). */
export const sameSlackIds: SlackIdOf = async (userId) => userId;

/**
 * Looks each directory id up: the person's `slackUserId` when they have one. A directory that
 * cannot be read gives the id itself: a mention is a courtesy and must not stop a notification
 * (a private message to a wrong id is refused by Slack, which keeps a secret sealed).
 */
export function directorySlackIds(directory: Pick<PeopleDirectory, 'person'>): SlackIdOf {
  return async (userId) => {
    const person = await directory.person(userId).catch(() => undefined);
    return person ? slackUserIdOf(person) : userId;
  };
}

/**
 * The request as Slack shows it: its requester and approvers named by their Slack ids, so a card
 * or a result mentions them (`<@U…>`) where the directory's ids are emails or employee numbers.
 * For rendering only; what is stored, decided and audited keeps the directory's ids (the calls'
 * digest does not involve people, so the card's buttons stay bound to the same calls).
 */
export async function withSlackIds(
  item: ApprovalItem,
  slackIdOf: SlackIdOf,
): Promise<ApprovalItem> {
  const ids = new Map<string, string>();
  const people = [
    item.requester.userId,
    item.action.requester.userId,
    ...item.votes.map((vote) => vote.approver),
    ...(item.decision ? [item.decision.approver] : []),
  ];
  for (const userId of people) if (!ids.has(userId)) ids.set(userId, await slackIdOf(userId));
  const slack = (userId: string) => ids.get(userId) ?? userId;
  return {
    ...item,
    requester: { ...item.requester, userId: slack(item.requester.userId) },
    action: {
      ...item.action,
      requester: { ...item.action.requester, userId: slack(item.action.requester.userId) },
    },
    votes: item.votes.map((vote) => ({ ...vote, approver: slack(vote.approver) })),
    ...(item.decision
      ? { decision: { ...item.decision, approver: slack(item.decision.approver) } }
      : {}),
  };
}
