import type { Directory } from '@agentcore/workflow';
import * as z from 'zod';
import { liveConfig, type VersionedConfigStore } from './live-config.js';

/** Group membership from configuration (user id -> groups), for approver rules naming groups. */
export function staticDirectory(groups: Readonly<Record<string, readonly string[]>>): Directory {
  // Own keys only: an id such as `constructor` must not find Object.prototype's members.
  return {
    groupsOf: async (userId) => (Object.hasOwn(groups, userId) ? [...(groups[userId] ?? [])] : []),
  };
}

export const DirectoryPersonSchema = z.object({
  userId: z.string().trim().min(1).max(256),
  displayName: z.string().trim().min(1).max(256).optional(),
  email: z.email().optional(),
  slackUserId: z
    .string()
    // Underscores as in the local workspace's ids (U_ALICE); Slack's own ids have none.
    .regex(/^[UW][A-Z0-9_]{2,30}$/, 'must be a Slack user id such as U012ABCDEF')
    .optional(),
  groups: z.array(z.string().trim().min(1).max(256)).max(50).default([]),
});
export type DirectoryPerson = z.infer<typeof DirectoryPersonSchema>;

/** The people the system knows, as the config store keeps them under `directory`. */
export const DirectoryDocumentSchema = z.object({
  people: z
    .array(DirectoryPersonSchema)
    .max(10_000)
    .refine(
      (people) => new Set(people.map((person) => person.userId)).size === people.length,
      'each userId may appear once',
    ),
});
export type DirectoryDocument = z.infer<typeof DirectoryDocumentSchema>;

/**
 * Who a verified Slack user id is: the one person whose `slackUserId` is that id, or whose
 * `userId` is (when they name no other Slack id). Two such people is `ambiguous`: nobody acts.
 */
export type SlackPersonMatch =
  | { status: 'found'; person: DirectoryPerson }
  | { status: 'unknown' }
  | { status: 'ambiguous' };

/** A directory that can also say who someone is (name, email, Slack id), not only their groups. */
export interface PeopleDirectory extends Directory {
  person(userId: string): Promise<DirectoryPerson | undefined>;
  /** The person behind a verified Slack user id; without it, `person(slackUserId)` is asked. */
  personBySlackUserId?(slackUserId: string): Promise<SlackPersonMatch>;
}

/** The id Slack knows `person` by: their `slackUserId`, else their directory `userId`. */
export function slackUserIdOf(person: Pick<DirectoryPerson, 'userId' | 'slackUserId'>): string {
  return person.slackUserId ?? person.userId;
}

/** Whether `person` may be the verified Slack user `slackUserId`. */
function isSlackUser(person: DirectoryPerson, slackUserId: string): boolean {
  return slackUserIdOf(person) === slackUserId;
}

/**
 * The person behind a verified Slack user id, asking the directory's own Slack index when it
 * has one, else its `person` by that id (a directory keyed by Slack ids, as the local one is).
 */
export async function findSlackPerson(
  directory: Pick<PeopleDirectory, 'person' | 'personBySlackUserId'>,
  slackUserId: string,
): Promise<SlackPersonMatch> {
  if (directory.personBySlackUserId) return directory.personBySlackUserId(slackUserId);
  const person = await directory.person(slackUserId);
  return person && isSlackUser(person, slackUserId)
    ? { status: 'found', person }
    : { status: 'unknown' };
}

/**
 * The directory the config store keeps (edited over the API), read afresh whenever its version
 * changes. Until one is saved, the `APPROVER_GROUPS` setting is the directory.
 */
export function configStoreDirectory(
  config: VersionedConfigStore<'directory'>,
  fallbackGroups: Readonly<Record<string, readonly string[]>>,
): PeopleDirectory {
  const live = liveConfig(
    config,
    'directory',
    (value) => indexPeople(DirectoryDocumentSchema.parse(value).people),
    () =>
      indexPeople(
        Object.entries(fallbackGroups).map(([userId, groups]) => ({ userId, groups: [...groups] })),
      ),
  );
  const person = async (userId: string) => (await live.read()).value.byUserId.get(userId);
  return {
    person,
    personBySlackUserId: async (slackUserId) =>
      matchSlackUser((await live.read()).value, slackUserId),
    groupsOf: async (userId) => [...((await person(userId))?.groups ?? [])],
  };
}

interface PeopleIndex {
  byUserId: Map<string, DirectoryPerson>;
  bySlackUserId: Map<string, DirectoryPerson[]>;
}

function indexPeople(people: readonly DirectoryPerson[]): PeopleIndex {
  const bySlackUserId = new Map<string, DirectoryPerson[]>();
  for (const person of people) {
    const slackUserId = slackUserIdOf(person);
    bySlackUserId.set(slackUserId, [...(bySlackUserId.get(slackUserId) ?? []), person]);
  }
  return { byUserId: new Map(people.map((person) => [person.userId, person])), bySlackUserId };
}

function matchSlackUser(index: PeopleIndex, slackUserId: string): SlackPersonMatch {
  const matches = index.bySlackUserId.get(slackUserId) ?? [];
  const [only] = matches;
  if (!only) return { status: 'unknown' };
  return matches.length === 1 ? { status: 'found', person: only } : { status: 'ambiguous' };
}
