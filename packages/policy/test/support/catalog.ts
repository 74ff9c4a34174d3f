import type { ToolCatalogInput } from '../../src/index.js';

/** A catalog like a real deployment's: the seed's Google Admin tools plus a few other servers. */
export const CATALOG: ToolCatalogInput = {
  tools: [
    { name: 'google_admin__list_users', annotations: { readOnlyHint: true } },
    { name: 'google_admin__get_user' },
    { name: 'google_admin__get_amazon_roles' },
    { name: 'google_admin__add_amazon_role' },
    { name: 'google_admin__remove_amazon_role' },
    { name: 'google_admin__add_user' },
    { name: 'google_admin__suspend_user' },
    { name: 'google_admin__unsuspend_user' },
    { name: 'google_admin__reset_user_2fa' },
    { name: 'gifs__search_gifs', annotations: { readOnlyHint: true } },
    { name: 'jira__delete_project', annotations: { destructiveHint: true } },
    { name: 'jira__create_issue' },
    { name: 'calendar__create_event', annotations: { destructiveHint: false } },
    { name: 'drive__share_file', annotations: { destructiveHint: false } },
  ],
  overrides: {
    drive__share_file: { category: 'document_access_updates' },
    totp__get_totp_code: { readOnly: true },
  },
};
