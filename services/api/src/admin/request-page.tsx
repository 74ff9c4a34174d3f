/** @jsxImportSource hono/jsx */
import { type ApprovalItem, isTerminal, RequestIdSchema } from '@agentcore/core';
import { loadRequest, readTimeline } from '@agentcore/workflow';
import type { Hono } from 'hono';
import { HttpError } from '../http-errors.js';
import { hasRole, type Principal } from '../principal.js';
import { amendCallsAs } from '../routes/calls.js';
import { decideAs, maySee, streamRequest } from '../routes/requests.js';
import { doneMessage } from './approvals-page.js';
import { type AdminDeps, type AdminEnv, asApiContext } from './deps.js';
import { formFields } from './forms.js';
import { Csrf, Json, Page, StatusTag, timeLeft } from './layout.js';
import { Calls, DecisionForms, riskOf } from './request-list.js';

// Follows the request over the SSE route's own stream (on this page's origin, with the session
// cookie) and reloads once it ends, so the page then shows the outcome as the server renders it.
const LIVE_SCRIPT = `
const list = document.getElementById('live');
const source = new EventSource(list.dataset.events);
const show = (type, event) => {
  const data = JSON.parse(event.data);
  const li = document.createElement('li');
  li.textContent = type + ' ' + (data.at || '') + ' ' + (data.to || data.outcome || data.verdict || data.status || '');
  list.appendChild(li);
  if (type === 'final' && !leaving) { source.close(); location.reload(); }
};
// A form sent from this page navigates by itself: no reload may race it.
let leaving = false;
document.addEventListener('submit', () => { leaving = true; source.close(); });
for (const type of ['received','planned','policy_decision','approval_requested','decided','status','tool_call','tool_result','tool_refused','final','error']) {
  source.addEventListener(type, (event) => show(type, event));
}
`;

function requestIdOf(id: string | undefined): string {
  const parsed = RequestIdSchema.safeParse(id);
  if (!parsed.success) throw new HttpError(404, 'not_found', `request ${id} not found`);
  return parsed.data;
}

async function visible(deps: AdminDeps, principal: Principal, id: string | undefined) {
  const item = await loadRequest(deps.approvals, requestIdOf(id));
  if (!maySee(principal, item)) {
    throw new HttpError(
      403,
      'forbidden',
      `request ${item.requestId} is not yours, and you are not among its approvers`,
    );
  }
  return item;
}

function short(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function EditForm(props: { item: ApprovalItem; csrf: string }) {
  const calls = props.item.action.toolCalls ?? [];
  return (
    <form method="post" action={`/admin/requests/${props.item.requestId}/calls`} id="edit">
      <Csrf token={props.csrf} />
      <h2>Edit arguments</h2>
      <p class="muted">
        Same tools, new arguments. Policy decides the edited calls again, and the votes cast so far
        no longer count.
      </p>
      {calls.map((call, index) => (
        <fieldset>
          <legend>
            <code>{call.tool}</code>
          </legend>
          <textarea name={`args_${index}`} rows={3}>
            {JSON.stringify(call.arguments)}
          </textarea>
        </fieldset>
      ))}
      <input type="text" name="comment" placeholder="why (optional)" size={40} />{' '}
      <button type="submit">Save arguments</button>
    </form>
  );
}

/** One request: what was asked, the exact calls, policy, votes, its timeline, and what ran. */
export function requestPageRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  app.get('/requests/:id', async (c) => {
    const principal = c.get('principal');
    const item = await visible(deps, principal, c.req.param('id'));
    const { events } = await readTimeline(deps, item.requestId);
    const now = deps.clock();
    const mayDecide = item.status === 'pending' && hasRole(principal, 'approver');
    const live = !isTerminal(item.status);
    return c.html(
      <Page
        title={item.action.summary}
        nonce={c.get('nonce')}
        principal={principal}
        csrf={c.get('csrf')}
        current="/admin/requests"
        flash={doneMessage(c.req.query('done'))}
        script={live ? LIVE_SCRIPT : undefined}
      >
        <p>
          <StatusTag status={item.status} /> {item.requestId} · asked by {item.requester.userId} at{' '}
          {item.createdAt} · risk {riskOf(item)}
          {item.status === 'pending' ? ` · ${timeLeft(item.expiresAt, now)}` : ''}
        </p>
        {item.statusReason ? <p class="flash">{item.statusReason}</p> : null}
        <div class="row">
          <section>
            <h2>Calls</h2>
            <Calls item={item} />
          </section>
          <section>
            <h2>Policy</h2>
            {item.policy ? (
              <p>
                <strong>{item.policy.outcome}</strong> by{' '}
                {item.policy.policyIds.join(', ') || 'the default'}: {item.policy.reason}
                {item.policy.approval ? ` · quorum ${item.policy.approval.quorum}` : ''}
              </p>
            ) : (
              <p class="muted">not decided yet</p>
            )}
            <h2>Votes</h2>
            {item.votes.length === 0 ? <p class="muted">none</p> : null}
            <ul>
              {item.votes.map((vote) => (
                <li>
                  {vote.approver} {vote.verdict} at {vote.decidedAt}
                  {vote.comment ? `: ${vote.comment}` : ''}
                </li>
              ))}
            </ul>
          </section>
        </div>
        {mayDecide ? (
          <section>
            <h2>Decide</h2>
            <DecisionForms
              item={item}
              csrf={c.get('csrf')}
              back={`/admin/requests/${item.requestId}`}
            />
            <EditForm item={item} csrf={c.get('csrf')} />
          </section>
        ) : null}
        {item.result ? (
          <section>
            <h2>Result: {item.result.outcome}</h2>
            {item.result.toolCalls.map((call) => (
              <div>
                <code>{call.tool}</code> {call.ok ? 'ok' : 'failed'}
                <Json value={call.output ?? call.error ?? ''} />
              </div>
            ))}
            {item.result.error ? <p class="flash error">{item.result.error.message}</p> : null}
          </section>
        ) : null}
        <h2>Timeline</h2>
        <table>
          <tbody>
            {events.map((event) => (
              <tr>
                <td>{event.at}</td>
                <td>
                  <code>{event.type}</code>
                </td>
                <td>{event.actor}</td>
                <td>
                  <small>{short(event.data)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {live ? (
          <section>
            <h2>Live</h2>
            <ol id="live" data-events={`/admin/requests/${item.requestId}/events`} />
          </section>
        ) : null}
      </Page>,
    );
  });

  app.get('/requests/:id/events', async (c) => {
    const item = await visible(deps, c.get('principal'), c.req.param('id'));
    return streamRequest(asApiContext(c), deps, item.requestId);
  });

  app.post('/requests/:id/decision', async (c) => {
    const principal = c.get('principal');
    const fields = await formFields(c);
    const verdict = fields.verdict === 'approved' ? 'approved' : 'rejected';
    if (fields.verdict !== 'approved' && fields.verdict !== 'rejected') {
      throw new HttpError(400, 'validation_failed', 'choose Approve or Reject');
    }
    const comment = fields.comment?.trim();
    const requestId = requestIdOf(c.req.param('id'));
    await decideAs(deps, principal, requestId, {
      verdict,
      ...(comment ? { comment: comment.slice(0, 1_000) } : {}),
      ...(fields.callsDigest ? { callsDigest: fields.callsDigest } : {}),
    });
    const back =
      fields.back === '/admin/approvals' ? '/admin/approvals' : `/admin/requests/${requestId}`;
    return c.redirect(`${back}?done=${verdict}`, 303);
  });

  app.post('/requests/:id/calls', async (c) => {
    const principal = c.get('principal');
    const fields = await formFields(c);
    const requestId = requestIdOf(c.req.param('id'));
    const item = await loadRequest(deps.approvals, requestId);
    const edits: { call: number; arguments: Record<string, unknown> }[] = [];
    for (const [name, text] of Object.entries(fields)) {
      const match = /^args_(\d{1,3})$/.exec(name);
      if (!match) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new HttpError(
          400,
          'validation_failed',
          `call ${match[1]}: the arguments are not JSON`,
        );
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new HttpError(400, 'validation_failed', `call ${match[1]}: give a JSON object`);
      }
      const call = Number(match[1]);
      // Only calls whose arguments changed are edits; the others stay as they are.
      const before = item.action.toolCalls?.[call]?.arguments;
      if (JSON.stringify(before) === JSON.stringify(parsed)) continue;
      edits.push({ call, arguments: parsed as Record<string, unknown> });
    }
    if (edits.length === 0) {
      throw new HttpError(400, 'validation_failed', 'no arguments changed');
    }
    const comment = fields.comment?.trim();
    const amended = await amendCallsAs(deps, principal, requestId, {
      edits,
      ...(comment ? { comment: comment.slice(0, 1_000) } : {}),
    });
    // A denial ends the request, and with it the approver's view of it (the API's rule).
    if (amended.status === 'denied' || amended.policy?.outcome === 'deny')
      return c.redirect('/admin/approvals?done=denied', 303);
    return c.redirect(`/admin/requests/${requestId}?done=amended`, 303);
  });
}
