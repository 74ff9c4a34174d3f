/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { recentRequests } from '../policy-views.js';
import { analyticsOf } from './analytics.js';
import { needRole } from './auth.js';
import { BarChart } from './charts.js';
import type { AdminDeps, AdminEnv } from './deps.js';
import { Page } from './layout.js';
import { RECENT_WINDOW } from './request-list.js';

function CountTable(props: { title: string; rows: [string, number][] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>{props.title}</th>
          <th>Requests</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(([label, count]) => (
          <tr>
            <td>{label}</td>
            <td>{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const seconds = (value: number) =>
  value >= 120 ? `${Math.round(value / 60)} min` : `${Math.round(value)} s`;

/** Analytics over the most recent requests: who asks, what for, how approvals go. */
export function analyticsRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  app.get('/analytics', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const figures = analyticsOf(await recentRequests(deps.approvals, RECENT_WINDOW));
    const { approvalLatency: latency } = figures;
    return c.html(
      <Page
        title="Analytics"
        nonce={c.get('nonce')}
        principal={principal}
        csrf={c.get('csrf')}
        current="/admin/analytics"
      >
        <p>
          The {figures.total} most recent requests (at most {RECENT_WINDOW}). Approval latency
          (request to settling decision) over {latency.decided} decided:{' '}
          <strong id="latency">
            p50 {seconds(latency.p50)}, p90 {seconds(latency.p90)}
          </strong>
          . Expired: <strong id="expiries">{figures.expiries}</strong>.
        </p>
        <div class="row">
          <BarChart title="Requests by status" rows={figures.byStatus} />
          <BarChart title="Requests by user" rows={figures.byUser} />
          <BarChart title="Requests by tool" rows={figures.byTool} />
          <BarChart
            title="Approve rate by approver (%)"
            rows={figures.approvers.map((a) => [a.approver, Math.round(a.approveRate * 100)])}
            unit="%"
          />
        </div>
        <h2>Approvers</h2>
        <p class="muted">
          A high approve rate with a short decision time can mean rubber-stamping.
        </p>
        <table id="approvers">
          <thead>
            <tr>
              <th>Approver</th>
              <th>Votes</th>
              <th>Approved</th>
              <th>Rejected</th>
              <th>Approve rate</th>
              <th>Median time to decide</th>
            </tr>
          </thead>
          <tbody>
            {figures.approvers.map((a) => (
              <tr>
                <td>{a.approver}</td>
                <td>{a.votes}</td>
                <td>{a.approved}</td>
                <td>{a.rejected}</td>
                <td>{Math.round(a.approveRate * 100)}%</td>
                <td>{seconds(a.medianDecisionSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="row">
          <CountTable title="Status" rows={figures.byStatus} />
          <CountTable title="User" rows={figures.byUser} />
          <CountTable title="Tool" rows={figures.byTool} />
          <CountTable title="Expired, by tool" rows={figures.expiredByTool} />
        </div>
      </Page>,
    );
  });
}
