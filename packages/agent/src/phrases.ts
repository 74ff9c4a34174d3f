import type { ApprovalCategory, ToolCall } from '@agentcore/core';
import { calendarPhrase, isCalendarPhrasing } from './calendar-phrases.js';

/** A request the phrase planner understood: the exact calls, and what it took the words to mean. */
export interface WordsPlan {
  readonly calls: ToolCall[];
  readonly summary: string;
  readonly category: ApprovalCategory;
  /** The email address, role ARN, project or secret the request is about. */
  readonly resource?: string;
  /** Which phrasing matched, for explanations and tests. */
  readonly understood: string;
}

/** A request the phrase planner could not turn into calls, and why, with what it can do. */
export interface WordsNotUnderstood {
  readonly notUnderstood: string;
}

/** Requests the phrase planner understands, as its answers to everything else show them. */
export const PHRASE_EXAMPLES = [
  'reset 2FA for bob@example.com',
  'suspend the Google user bob@example.com',
  'add AWS role arn:aws:iam::123456789012:role/Developer with provider arn:aws:iam::123456789012:saml-provider/Google to alice@example.com',
  'list Jira issues in LAUNCH',
  'create a Jira project Launch with key LAUNCH',
  'get the TOTP code for demo',
  'search GIFs for cats',
  'book a meeting with bob@example.com tomorrow at 10 for 30 minutes',
  "what's bob@example.com's free/busy tomorrow",
] as const;

/** When the phrase planner plans: dates like "tomorrow at 10" are read from here. */
export interface PhrasePlannerOptions {
  /** The present; the current time when absent. */
  readonly now?: Date;
  /** IANA time zone days and times are read in; UTC when absent. */
  readonly timeZone?: string;
}

/** A tool the planner may propose: the server it usually has, and its name there. */
interface ToolRef {
  readonly server: string;
  readonly name: string;
}

interface Match {
  readonly understood: string;
  readonly tool: ToolRef;
  readonly arguments: Record<string, unknown>;
  readonly summary: string;
  readonly category: ApprovalCategory;
  readonly resource?: string;
}

/** A phrasing that was recognised but lacks something only the requester can say. */
interface Missing {
  readonly missing: string;
}

type Rule = (text: string) => Match | Missing | undefined;

const google = (name: string): ToolRef => ({ server: 'google_admin', name });
const jira = (name: string): ToolRef => ({ server: 'jira', name });
const gifs = (name: string): ToolRef => ({ server: 'gifs', name });
const totp = (name: string): ToolRef => ({ server: 'totp', name });

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const ROLE_ARN = /arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=.@-]{1,64}/i;
const PROVIDER_ARN = /arn:aws(?:-cn|-us-gov)?:iam::\d{12}:saml-provider\/[\w.-]{1,128}/i;
const PROJECT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;

// Whole words with their inflections: the seed's `\b(grant)|(add)` also matched "address".
const words = (...stems: string[]) => new RegExp(`\\b(?:${stems.join('|')})\\b`, 'i');
const SECOND_FACTOR = words(
  '2fa',
  '2sv',
  'mfa',
  '2-step(?: verification)?',
  'two[- ]factor',
  'two[- ]step',
);
const RESET = words(
  'reset(?:s|ting)?',
  'clear(?:s|ed|ing)?',
  'turn(?:s|ed|ing)? off',
  'disabl(?:e|es|ed|ing)',
  'remov(?:e|es|ed|ing)',
);
const UNSUSPEND = words(
  'unsuspend(?:s|ed|ing)?',
  'resum(?:e|es|ed|ing)',
  're-?enabl(?:e|es|ed|ing)',
  'enabl(?:e|es|ed|ing)',
  'restor(?:e|es|ed|ing)',
  'reinstat(?:e|es|ed|ing)',
  're-?activat(?:e|es|ed|ing)',
  'unlock(?:s|ed|ing)?',
);
const SUSPEND = words(
  'suspend(?:s|ed|ing)?',
  'disabl(?:e|es|ed|ing)',
  'terminat(?:e|es|ed|ing)',
  'deactivat(?:e|es|ed|ing)',
  'lock(?:s|ed|ing)?',
  'block(?:s|ed|ing)?',
);
const GRANT = words(
  'grant(?:s|ed|ing)?',
  'add(?:s|ed|ing)?',
  'give(?:s|n)?',
  'assign(?:s|ed|ing)?',
);
const REVOKE = words(
  'revok(?:e|es|ed|ing)',
  'remov(?:e|es|ed|ing)',
  'delet(?:e|es|ed|ing)',
  'take(?:s|n)? away',
  'unassign(?:s|ed|ing)?',
);
const CREATE = words(
  'creat(?:e|es|ed|ing)',
  'add(?:s|ed|ing)?',
  'new',
  'onboard(?:s|ed|ing)?',
  'set up',
);
const NEW_PROJECT = words('creat(?:e|es|ed|ing)', 'new', 'set up', 'make');
const READ = words(
  'get(?:s|ting)?',
  'show(?:s|ed|ing)?',
  'look(?:s|ed|ing)?[ -]?up',
  'lookup',
  'describ(?:e|es|ed|ing)',
  'find',
  'check',
  'details?',
  'info(?:rmation)?',
  'who is',
  "what(?: is|'s)",
  'list(?:s|ed|ing)?',
);
const LIST = words('list(?:s|ed|ing)?', 'show(?:s|ed|ing)?', 'all', 'every', 'which', 'get');
const USERS = words('users', 'accounts', 'people', 'members');
const AWS_ROLE = words('aws', 'iam', 'amazon', 'roles?');
const ISSUES = words('issues?', 'tickets?', 'bugs?', 'stories', 'tasks?');
const PROJECT_KEY_WORDS = /\b(?:project )?key\b/i;
const PROJECT = words('projects?');
const TOTP = words(
  'totp',
  'otp',
  'one[- ]time (?:pass)?code',
  'one[- ]time password',
  'authenticator code',
  '(?:2fa|mfa|2-step|verification) code',
);
const GIF = words('gifs?', 'giphy', 'tenor');
const RANDOM = words('random', 'any', 'surprise');
const TRENDING = words('trending', 'popular');

// Words that turn a request around; a phrasing cannot tell "do not suspend" from "suspend".
const NEGATION = /\b(?:don['’]?t|do not|never|shouldn['’]?t|should not|must not|mustn['’]?t)\b/i;

/** The text with every email address and ARN taken out, so words inside them do not count. */
function withoutIdentifiers(text: string): string {
  return text
    .replace(new RegExp(ROLE_ARN.source, 'gi'), ' ')
    .replace(new RegExp(PROVIDER_ARN.source, 'gi'), ' ')
    .replace(new RegExp(EMAIL.source, 'g'), ' ');
}

function unquote(text: string): string {
  return text
    .trim()
    .replace(/^["'“‘]+|["'”’.?!]+$/g, '')
    .trim();
}

const resetTwoFactor: Rule = (text) => {
  const plain = withoutIdentifiers(text);
  if (!SECOND_FACTOR.test(plain) || !RESET.test(plain) || TOTP.test(plain)) return undefined;
  const email = EMAIL.exec(text)?.[0];
  if (email === undefined) return { missing: 'whose 2-Step Verification to reset (their email)' };
  return {
    understood: 'reset 2FA',
    tool: google('reset_2fa'),
    arguments: { email },
    summary: `Reset 2-Step Verification for ${email}`,
    category: 'user_account_access',
    resource: email,
  };
};

const awsRoles: Rule = (text) => {
  // A full stop after an ARN ends the sentence; IAM names may hold dots, but not at the end here.
  const role = ROLE_ARN.exec(text)?.[0].replace(/\.+$/, '');
  const provider = PROVIDER_ARN.exec(text)?.[0].replace(/\.+$/, '');
  const plain = withoutIdentifiers(text);
  if (role === undefined && !AWS_ROLE.test(plain)) return undefined;
  const email = EMAIL.exec(text)?.[0];
  const revoke = REVOKE.test(plain);
  const grant = !revoke && GRANT.test(plain);
  if (grant || revoke) {
    if (role === undefined) {
      return words('aws', 'iam', 'amazon').test(plain)
        ? { missing: 'the IAM role ARN (arn:aws:iam::<account>:role/<name>)' }
        : undefined;
    }
    if (email === undefined) return { missing: 'whose AWS roles to change (their email)' };
    if (provider === undefined) {
      return { missing: 'the SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)' };
    }
    const args = { user_key: email, admin_role: role, identity_provider: provider };
    return grant
      ? {
          understood: 'add AWS role',
          tool: google('add_amazon_role'),
          arguments: args,
          summary: `Add AWS role ${role} (provider ${provider}) to ${email}`,
          category: 'aws_role_access',
          resource: role,
        }
      : {
          understood: 'remove AWS role',
          tool: google('remove_amazon_role'),
          arguments: args,
          summary: `Remove AWS role ${role} (provider ${provider}) from ${email}`,
          category: 'aws_role_access',
          resource: role,
        };
  }
  if (email !== undefined && READ.test(plain) && words('roles?').test(plain)) {
    return {
      understood: 'list AWS roles',
      tool: google('get_amazon_roles'),
      arguments: { user_key: email },
      summary: `List the AWS roles of ${email}`,
      category: 'other',
      resource: email,
    };
  }
  return undefined;
};

const NAME_WORD = /^[A-Z][\p{L}'-]*$/u;
const NOT_NAMES = new Set(
  'a an the new user account google workspace create add please for with named called on at'.split(
    ' ',
  ),
);

/** First and last name: "named Carol Jones", two capitalised words, or carol.jones@… */
function personName(text: string, email: string): { first: string; last: string } | undefined {
  const named =
    /\b(?:named|called)\s+["“]?(\p{Lu}[\p{L}'-]*)\s+((?:(?:van|von|de|der|del|da|di|du|la|le)\s+)*\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)*)/u.exec(
      withoutIdentifiers(text),
    );
  if (named?.[1] && named[2]) return { first: named[1], last: named[2] };
  const capitalised = withoutIdentifiers(text)
    .split(/[\s,()]+/)
    .filter((word) => NAME_WORD.test(word) && !NOT_NAMES.has(word.toLowerCase()));
  if (capitalised.length >= 2 && capitalised[0]) {
    return { first: capitalised[0], last: capitalised.slice(1).join(' ') };
  }
  const local = email.slice(0, email.indexOf('@')).split(/[._-]/);
  const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  if (local.length === 2 && local[0] && local[1]) {
    return { first: title(local[0]), last: title(local[1]) };
  }
  return undefined;
}

const googleUsers: Rule = (text) => {
  const plain = withoutIdentifiers(text);
  // "enable 2FA" is not "enable the account" (the seed unsuspended the user for it).
  if (SECOND_FACTOR.test(plain)) return undefined;
  const email = EMAIL.exec(text)?.[0];
  if (email === undefined) {
    if (
      USERS.test(plain) &&
      LIST.test(plain) &&
      !ISSUES.test(plain) &&
      !words('jira', 'projects?').test(plain)
    ) {
      return {
        understood: 'list Google users',
        tool: google('list_users'),
        arguments: {},
        summary: 'List the Google Workspace users',
        category: 'other',
      };
    }
    return undefined;
  }
  const change = (understood: string, name: string, summary: string): Match => ({
    understood,
    tool: google(name),
    arguments: { user_key: email },
    summary,
    category: 'user_account_access',
    resource: email,
  });
  if (UNSUSPEND.test(plain))
    return change('unsuspend Google user', 'unsuspend_user', `Unsuspend ${email}`);
  if (SUSPEND.test(plain)) return change('suspend Google user', 'suspend_user', `Suspend ${email}`);
  if (
    CREATE.test(plain) &&
    words('users?', 'accounts?', 'google', 'workspace', 'onboard').test(plain)
  ) {
    const name = personName(text, email);
    if (name === undefined) return { missing: 'the new user’s first and last name' };
    const orgUnit =
      /\b(?:in|into|under)\s+(?:the\s+)?(\/[\w/ -]*?)\s*(?:org(?:anisational|anizational)? unit|OU)?[.!]?$/i.exec(
        text,
      )?.[1];
    return {
      understood: 'create Google user',
      tool: google('add_user'),
      arguments: {
        primary_email: email,
        first_name: name.first,
        last_name: name.last,
        ...(orgUnit ? { org_unit_path: orgUnit } : {}),
      },
      summary: `Create the Google user ${email} (${name.first} ${name.last})`,
      category: 'user_account_access',
      resource: email,
    };
  }
  if (READ.test(plain) && !ISSUES.test(plain) && !PROJECT.test(plain)) {
    return {
      understood: 'get Google user',
      tool: google('get_user'),
      arguments: { user_key: email },
      summary: `Show the Google user ${email}`,
      category: 'other',
      resource: email,
    };
  }
  return undefined;
};

/** The project key a text names: an upper-case word after in/for/project/key. */
function projectKeyIn(text: string): string | undefined {
  const candidates = text.matchAll(/\b(?:in|for|of|project|key|from)\s+([A-Z][A-Z0-9]{1,9})\b/g);
  for (const candidate of candidates) {
    const key = candidate[1];
    if (key !== undefined && PROJECT_KEY.test(key) && key !== 'JIRA') return key;
  }
  return undefined;
}

const jiraProjects: Rule = (text) => {
  const plain = withoutIdentifiers(text);
  if (ISSUES.test(plain) && (LIST.test(plain) || READ.test(plain) || words('open').test(plain))) {
    const projectKey = projectKeyIn(text);
    const assignee = /\bassigned to\s+([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/i.exec(
      text,
    )?.[1];
    return {
      understood: 'list Jira issues',
      tool: jira('list_issues'),
      arguments: {
        ...(projectKey ? { projectKey } : {}),
        ...(assignee ? { assigneeEmail: assignee } : {}),
      },
      summary: `List Jira issues${projectKey ? ` in ${projectKey}` : ''}${assignee ? ` assigned to ${assignee}` : ''}`,
      category: 'other',
      ...(projectKey ? { resource: projectKey } : {}),
    };
  }
  if (!PROJECT.test(plain) && !PROJECT_KEY_WORDS.test(plain)) return undefined;
  if (PROJECT_KEY_WORDS.test(plain) && !NEW_PROJECT.test(plain)) {
    const name = /\b(?:for|of)\s+(?:the\s+)?(?:jira\s+)?(?:project\s+)?(.+)$/i.exec(plain)?.[1];
    const project = name === undefined ? undefined : unquote(name.replace(/\s+project$/i, ''));
    if (!project) return { missing: 'which project to look up (its name)' };
    return {
      understood: 'look up Jira project key',
      tool: jira('lookup_project_key'),
      arguments: { name: project },
      summary: `Look up the key of the Jira project "${project}"`,
      category: 'other',
      resource: project,
    };
  }
  if (NEW_PROJECT.test(plain) && PROJECT.test(plain)) {
    const key =
      /\bkey\s*(?:of|=|:)?\s*["']?([A-Z][A-Z0-9]{1,9})\b/.exec(text)?.[1] ??
      /\(([A-Z][A-Z0-9]{1,9})\)/.exec(text)?.[1];
    const named =
      /\b(?:named|called|name)\s+["“]?(.+?)["”]?(?:\s*\(|\s*,|\s+with\b|\s+and\b|\s+key\b|$)/i.exec(
        plain,
      )?.[1] ??
      /\bproject\s+["“]?(.+?)["”]?(?:\s*\(|\s*,|\s+with\b|\s+and\b|\s+key\b|$)/i.exec(plain)?.[1];
    const name = named === undefined ? undefined : unquote(named);
    if (!name) return { missing: 'the new project’s name' };
    if (key === undefined)
      return { missing: 'the new project’s key (2 to 10 capitals, e.g. LAUNCH)' };
    return {
      understood: 'create Jira project',
      tool: jira('create_project'),
      arguments: { name, key },
      summary: `Create the Jira project "${name}" with key ${key}`,
      category: 'other',
      resource: key,
    };
  }
  return undefined;
};

const totpCode: Rule = (text) => {
  if (!TOTP.test(text)) return undefined;
  const secret =
    /\b(?:for|from|of|secret|named|called)\s+(?:the\s+)?(?:secret\s+)?["'“]?([\w/+=.@:-]+?)["'”]?(?:\s+secret)?[.?!]?$/i.exec(
      text.trim(),
    )?.[1];
  if (secret === undefined) return { missing: 'which secret holds the TOTP seed (its name)' };
  return {
    understood: 'TOTP code',
    tool: totp('get_totp_code'),
    arguments: { secret_name: secret },
    summary: `Get the current TOTP code of the secret ${secret}`,
    category: 'other',
    resource: secret,
  };
};

const FILLER = words(
  'search(?:es|ing)?',
  'find',
  'get',
  'show',
  'send',
  'give',
  'me',
  'us',
  'a',
  'an',
  'some',
  'the',
  'please',
  'gifs?',
  'giphy',
  'tenor',
  'for',
  'of',
  'about',
  'with',
  'random',
  'any',
  'surprise',
);

function topic(text: string): string {
  return unquote(
    text
      .split(/\s+/)
      .filter((word) => !new RegExp(`^${FILLER.source}$`, 'i').test(word.replace(/[.,!?]/g, '')))
      .join(' '),
  );
}

const gifSearch: Rule = (text) => {
  if (!GIF.test(text)) return undefined;
  if (TRENDING.test(text)) {
    return {
      understood: 'trending GIFs',
      tool: gifs('get_trending_gifs'),
      arguments: {},
      summary: 'Show the trending GIFs',
      category: 'other',
    };
  }
  const subject = topic(text).slice(0, 50).trim();
  if (RANDOM.test(text) || subject === '') {
    return {
      understood: 'random GIF',
      tool: gifs('get_random_gif'),
      arguments: subject ? { tag: subject } : {},
      summary: subject ? `Find a random GIF of ${subject}` : 'Find a random GIF',
      category: 'other',
    };
  }
  return {
    understood: 'GIF search',
    tool: gifs('search_gifs'),
    arguments: { query: subject },
    summary: `Search GIFs for ${subject}`,
    category: 'other',
  };
};

// Order matters: the more specific phrasings first ("reset 2FA" before "disable", a TOTP code
// before a 2FA reset, meetings and AWS roles before Google users, since all name an email).
function rulesFor(options: PhrasePlannerOptions): readonly Rule[] {
  const clock = { now: options.now ?? new Date(), timeZone: options.timeZone ?? 'UTC' };
  return [
    totpCode,
    resetTwoFactor,
    (text) => calendarPhrase(text, clock),
    awsRoles,
    googleUsers,
    jiraProjects,
    gifSearch,
  ];
}

/** The catalog's name for a tool: its usual server alias first, else any alias offering it. */
function catalogName(tool: ToolRef, catalog: readonly string[]): string | undefined {
  const usual = `${tool.server}__${tool.name}`;
  if (catalog.includes(usual)) return usual;
  return catalog.find((name) => name.endsWith(`__${tool.name}`));
}

function examples(): string {
  return PHRASE_EXAMPLES.map((example) => `"${example}"`).join('; ');
}

/**
 * Turns the requests people write most into exact tool calls, without a model: Google users
 * (get, list, create, suspend, unsuspend, reset 2FA, AWS roles), meetings and free/busy, Jira
 * issues and projects, TOTP codes and GIFs. Only tools in `catalog` (qualified `alias__tool` names) are proposed; anything
 * else is answered with what was missing and an example of what it can do.
 */
export function planFromWords(
  query: string,
  catalog: readonly string[],
  options: PhrasePlannerOptions = {},
): WordsPlan | WordsNotUnderstood {
  const text = query.trim();
  if (NEGATION.test(text)) {
    return {
      notUnderstood: `I could not plan "${text}" without a model: it says what not to do, and I only plan what to do. For example: ${examples()}.`,
    };
  }
  const emails = new Set(
    text.match(new RegExp(EMAIL.source, 'g'))?.map((email) => email.toLowerCase()),
  );
  // A meeting or a free/busy look-up may name several people; every other request one.
  if (emails.size > 1 && !isCalendarPhrasing(text)) {
    return {
      notUnderstood: `I could not plan "${text}" without a model: it names ${emails.size} email addresses, and I plan for one person at a time. For example: ${examples()}.`,
    };
  }
  for (const rule of rulesFor(options)) {
    const match = rule(text);
    if (match === undefined) continue;
    if ('missing' in match) {
      return {
        notUnderstood: `I could not plan "${text}" without a model: it needs ${match.missing}. For example: ${examples()}.`,
      };
    }
    const tool = catalogName(match.tool, catalog);
    if (tool === undefined) {
      return {
        notUnderstood: `I understood "${text}" as ${match.understood}, but no configured MCP server offers ${match.tool.name} (the ${match.tool.server} server is not configured here).`,
      };
    }
    return {
      calls: [{ tool, arguments: match.arguments }],
      summary: match.summary,
      category: match.category,
      ...(match.resource !== undefined ? { resource: match.resource } : {}),
      understood: match.understood,
    };
  }
  return {
    notUnderstood: `I could not understand "${text}" without a model. I understand requests such as: ${examples()}. Or name the exact call: --tool alias__tool --args '{"name":"value"}'.`,
  };
}
