/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { Principal } from '../principal.js';
import { needRole } from './auth.js';
import type { AdminContext, AdminDeps, AdminEnv } from './deps.js';
import { Page } from './layout.js';
import { type ListFilter, RequestTable, requestsCsv, visibleRequests } from './request-list.js';

const STATUSES = ['pending', 'history', 'approved', 'completed', 'rejected', 'expired', 'all'];

function Filters(props: { action: string; filter: ListFilter; statuses: string[] }) {
  const { filter } = props;
  return (
    <form method="get" action={props.action} class="row">
      <label>
        Status{' '}
        <select name="status">
          {props.statuses.map((status) => (
            <option value={status} selected={(filter.status ?? props.statuses[0]) === status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        Search <input type="text" name="q" value={filter.q ?? ''} />
      </label>
      <label>
        Tool <input type="text" name="tool" value={filter.tool ?? ''} placeholder="alias__tool" />
      </label>
      <label>
        Requester <input type="text" name="requester" value={filter.requester ?? ''} />
      </label>
      <span>
        <button type="submit">Filter</button>{' '}
        <button type="submit" name="format" value="csv">
          Export CSV
        </button>
      </span>
    </form>
  );
}

/** What the page says after a decision it redirected from (fixed words, never echoed input). */
export function doneMessage(done: string | undefined) {
  const text: Record<string, string> = {
    approved: 'Your approval is recorded.',
    rejected: 'Your rejection is recorded.',
    amended: 'The calls were amended; policy decided them again and earlier votes no longer count.',
    denied: 'Policy denied the edited calls: the request has ended, nothing ran.',
  };
  return done && text[done] ? { text: text[done] } : undefined;
}

function filterOf(query: (name: string) => string | undefined): ListFilter {
  const text = (name: string) => query(name)?.slice(0, 200) || undefined;
  return {
    status: text('status'),
    q: text('q'),
    tool: text('tool'),
    requester: text('requester'),
  };
}

async function listPage(
  c: AdminContext,
  deps: AdminDeps,
  page: { path: string; title: string; onlyOwn: (principal: Principal) => boolean },
  defaultStatus: string,
) {
  const principal = c.get('principal');
  const filter = filterOf((name) => c.req.query(name));
  filter.status ??= defaultStatus;
  const items = await visibleRequests(deps, principal, filter, page.onlyOwn(principal));
  if (c.req.query('format') === 'csv') {
    return c.body(requestsCsv(items), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="requests.csv"',
    });
  }
  const statuses =
    defaultStatus === 'pending' ? STATUSES : ['all', ...STATUSES.filter((s) => s !== 'all')];
  return c.html(
    <Page
      title={page.title}
      nonce={c.get('nonce')}
      principal={principal}
      csrf={c.get('csrf')}
      current={page.path}
      flash={doneMessage(c.req.query('done'))}
    >
      <Filters action={page.path} filter={filter} statuses={statuses} />
      <p class="muted">{items.length} shown, pending first.</p>
      <RequestTable
        items={items}
        now={deps.clock()}
        csrf={c.get('csrf')}
        principal={principal}
        decide={page.path === '/admin/approvals'}
        back={page.path}
      />
    </Page>,
  );
}

/** Approvals (approvers: what they may decide) and Requests (requesters: their own). */
export function approvalRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  app.get('/approvals', (c) => {
    needRole(c.get('principal'), 'approver');
    return listPage(
      c,
      deps,
      { path: '/admin/approvals', title: 'Approvals', onlyOwn: () => false },
      'pending',
    );
  });

  app.get('/requests', (c) =>
    listPage(
      c,
      deps,
      {
        path: '/admin/requests',
        title: 'Requests',
        // Requesters see their own; approvers and admins what the API would show them.
        onlyOwn: (principal) =>
          c.req.query('mine') === 'true' || !principal.roles.some((role) => role !== 'requester'),
      },
      'all',
    ),
  );
}
