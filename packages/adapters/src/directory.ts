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
    .regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack user id such as U012ABCDEF')
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

/** A directory that can also say who someone is (name, email, Slack id), not only their groups. */
export interface PeopleDirectory extends Directory {
  person(userId: string): Promise<DirectoryPerson | undefined>;
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
  const person = async (userId: string) => (await live.read()).value.get(userId);
  return {
    person,
    groupsOf: async (userId) => [...((await person(userId))?.groups ?? [])],
  };
}

function indexPeople(people: readonly DirectoryPerson[]): Map<string, DirectoryPerson> {
  return new Map(people.map((person) => [person.userId, person]));
}
