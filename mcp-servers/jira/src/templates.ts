import { JiraError } from './errors.js';

const GH = 'com.pyxis.greenhopper.jira';

/** The seed's project template aliases (case-insensitive, spaces read as dashes). */
export const TEMPLATE_ALIASES: Readonly<Record<string, string>> = {
  scrum: `${GH}:gh-simplified-agility-scrum`,
  'agility-scrum': `${GH}:gh-simplified-agility-scrum`,
  kanban: `${GH}:gh-simplified-agility-kanban`,
  'agility-kanban': `${GH}:gh-simplified-agility-kanban`,
  'scrum-classic': `${GH}:gh-simplified-scrum-classic`,
  'kanban-classic': `${GH}:gh-simplified-kanban-classic`,
  'gh-scrum-template': `${GH}:gh-scrum-template`,
  'gh-kanban-template': `${GH}:gh-kanban-template`,
  basic: `${GH}:gh-simplified-basic`,
  'basic-software-development-template': `${GH}:basic-software-development-template`,
  'software-basic': `${GH}:basic-software-development-template`,
};

/** A business project's default (Jira's simplified task tracking). */
export const BUSINESS_TEMPLATE =
  'com.atlassian.jira-core-project-templates:jira-core-simplified-task-tracking';
/** A service desk project's default. */
export const SERVICE_DESK_TEMPLATE = 'com.atlassian.servicedesk:simplified-it-service-management';

/**
 * The template key for a request: a full key (containing `:`) passes through, an alias is
 * resolved, anything else is refused with the seed's message. Without one: kanban for
 * software, the type's own default otherwise.
 */
export function resolveTemplate(template: string | undefined, projectTypeKey: string): string {
  const value = template?.trim();
  if (!value) {
    if (projectTypeKey === 'business') return BUSINESS_TEMPLATE;
    if (projectTypeKey === 'service_desk') return SERVICE_DESK_TEMPLATE;
    return `${GH}:gh-simplified-agility-kanban`;
  }
  if (value.includes(':')) return value;
  const resolved = TEMPLATE_ALIASES[value.toLowerCase().replace(/\s+/g, '-')];
  if (resolved) return resolved;
  const aliases = Object.keys(TEMPLATE_ALIASES).sort().join(', ');
  throw new JiraError(
    'invalid_input',
    `Unknown project template alias '${value}'. Supported aliases: ${aliases}, or pass a full template key.`,
  );
}
