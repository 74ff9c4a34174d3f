/** @jsxImportSource hono/jsx */
import { type ApprovalItem, approvedDigestOf, requestCategory } from '@agentcore/core';
import { CATEGORY_RISK_WEIGHTS } from '@agentcore/policy';
import { recentRequests } from '../policy-views.js';
import type { Principal } from '../principal.js';
import { csvCell } from '../routes/audit-csv.js';
import { maySee } from '../routes/requests.js';
import type { AdminDeps } from './deps.js';
import { Csrf, StatusTag, timeLeft } from './layout.js';

/** How far back the lists and analytics look: the most recent requests, whatever their status. */
export const RECENT_WINDOW = 500;

export interface ListFilter {
  status?: string | undefined;
  q?: string | undefined;
  tool?: string | undefined;
  requester?: string | undefined;
}

/** The requests this principal may see (the API's own rule), filtered, pending first. */
export async function visibleRequests(
  deps: Pick<AdminDeps, 'approvals'>,
  principal: Principal,
  filter: ListFilter,
  onlyOwn: boolean,
): Promise<ApprovalItem[]> {
  const items = onlyOwn
    ? await ownRequests(deps, principal.userId)
    : await recentRequests(deps.approvals, RECENT_WINDOW);
  const needle = filter.q?.trim().toLowerCase();
  return items
    .filter((item) => maySee(principal, item))
    .filter((item) => !onlyOwn || item.requester.userId === principal.userId)
    .filter((item) => {
      if (filter.status === 'history') return item.status !== 'pending';
      return !filter.status || filter.status === 'all' || item.status === filter.status;
    })
    .filter((item) => !filter.tool || item.intendedTools.includes(filter.tool))
    .filter((item) => !filter.requester || item.requester.userId === filter.requester)
    .filter((item) => !needle || searchText(item).includes(needle))
    .sort((a, b) =>
      a.status === 'pending' && b.status !== 'pending'
        ? -1
        : b.status === 'pending' && a.status !== 'pending'
          ? 1
          : b.requestId.localeCompare(a.requestId),
    );
}

async function ownRequests(deps: Pick<AdminDeps, 'approvals'>, userId: string) {
  const items: ApprovalItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.approvals.listByRequester(userId, {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && items.length < RECENT_WINDOW);
  return items;
}

function searchText(item: ApprovalItem): string {
  return [
    item.requestId,
    item.action.summary,
    item.action.query,
    item.requester.userId,
    ...item.intendedTools,
    JSON.stringify(item.action.toolCalls ?? []),
  ]
    .join(' ')
    .toLowerCase();
}

export function riskOf(item: ApprovalItem): string {
  const category = requestCategory(item);
  const weight = CATEGORY_RISK_WEIGHTS[category];
  return `${weight >= 8 ? 'high' : weight >= 5 ? 'medium' : 'low'} (${category})`;
}

const CSV_COLUMNS = [
  'requestId',
  'status',
  'createdAt',
  'requester',
  'summary',
  'calls',
  'policy',
  'policyIds',
  'verdict',
  'approver',
  'decidedAt',
];

/** The list as CSV (RFC 4180, formula-looking cells defused), what the page shows. */
export function requestsCsv(items: readonly ApprovalItem[]): string {
  const rows = items.map((item) =>
    [
      item.requestId,
      item.status,
      item.createdAt,
      item.requester.userId,
      item.action.summary,
      JSON.stringify(item.action.toolCalls ?? []),
      item.policy?.outcome ?? '',
      (item.policy?.policyIds ?? []).join(' '),
      item.decision?.verdict ?? '',
      item.decision?.approver ?? '',
      item.decision?.decidedAt ?? '',
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The exact calls, each with its arguments. */
export function Calls(props: { item: ApprovalItem }) {
  const calls = props.item.action.toolCalls ?? [];
  if (calls.length === 0) {
    return <span class="muted">{props.item.intendedTools.join(', ') || 'not planned yet'}</span>;
  }
  return (
    <div>
      {calls.map((call) => (
        <div>
          <code>{call.tool}</code>
          <pre>
            <code>{JSON.stringify(call.arguments)}</code>
          </pre>
        </div>
      ))}
    </div>
  );
}

/** Approve or reject in one click, bound to the calls as shown (callsDigest). */
export function DecisionForms(props: { item: ApprovalItem; csrf: string; back: string }) {
  const { item } = props;
  const action = `/admin/requests/${item.requestId}/decision`;
  const digest = approvedDigestOf(item);
  return (
    <div>
      <form method="post" action={action}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="callsDigest" value={digest} />
        <input type="hidden" name="back" value={props.back} />
        <input type="text" name="comment" placeholder="comment (optional)" size={18} />{' '}
        <button class="approve" type="submit" name="verdict" value="approved">
          Approve
        </button>{' '}
        <button class="reject" type="submit" name="verdict" value="rejected">
          Reject
        </button>
      </form>
      <a href={`/admin/requests/${item.requestId}#edit`}>Edit arguments</a>
    </div>
  );
}

export function RequestTable(props: {
  items: readonly ApprovalItem[];
  now: Date;
  csrf: string;
  principal: Principal;
  decide: boolean;
  back: string;
}) {
  if (props.items.length === 0) return <p class="muted">Nothing here.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Request</th>
          <th>Status</th>
          <th>Requester</th>
          <th>Calls and arguments</th>
          <th>Risk</th>
          <th>Policy</th>
          <th>Time left</th>
          {props.decide ? <th>Decide</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr data-request={item.requestId}>
            <td>
              <a href={`/admin/requests/${item.requestId}`}>{item.action.summary}</a>
              <br />
              <small class="muted">
                {item.requestId} · {item.createdAt.slice(0, 19).replace('T', ' ')}
              </small>
            </td>
            <td>
              <StatusTag status={item.status} />
            </td>
            <td>{item.requester.userId}</td>
            <td>
              <Calls item={item} />
            </td>
            <td>{riskOf(item)}</td>
            <td>
              {item.policy ? (
                <span>
                  {item.policy.outcome}
                  <br />
                  <small>{item.policy.policyIds.join(', ') || 'default'}</small>
                  <br />
                  <small class="muted">{item.policy.reason}</small>
                </span>
              ) : null}
            </td>
            <td>{item.status === 'pending' ? timeLeft(item.expiresAt, props.now) : ''}</td>
            {props.decide ? (
              <td>
                {item.status === 'pending' &&
                (item.requester.userId !== props.principal.userId ||
                  item.policy?.approval?.allowSelfApproval) ? (
                  <DecisionForms item={item} csrf={props.csrf} back={props.back} />
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
