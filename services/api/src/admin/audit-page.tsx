/** @jsxImportSource hono/jsx */
import { MAX_AUDIT_PAGE } from '@agentcore/store';
import type { Hono } from 'hono';
import { verifyAudit } from '../routes/audit.js';
import { auditEventsCsv } from '../routes/audit-csv.js';
import { needRole } from './auth.js';
import type { AdminDeps, AdminEnv } from './deps.js';
import { Page } from './layout.js';

/** Audit: the keyed chain verified (the last 7 days' streams), recent events, and export. */
export function auditPageRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  app.get('/audit', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const [verification, page] = await Promise.all([
      verifyAudit(deps, {}),
      deps.auditLog.listEvents({ limit: 50 }),
    ]);
    return c.html(
      <Page
        title="Audit"
        nonce={c.get('nonce')}
        principal={principal}
        csrf={c.get('csrf')}
        current="/admin/audit"
      >
        <p id="verification" class={verification.ok ? 'flash' : 'flash error'}>
          {verification.ok
            ? `Chain verified: ${verification.streams} streams, ${verification.events} events from the last 7 days hold.`
            : `Chain broken in ${verification.broken.length} of ${verification.streams} streams.`}
          {verification.legacyEvents ? ` (${verification.legacyEvents} legacy events)` : ''}
        </p>
        {verification.broken.length > 0 ? (
          <table>
            <tbody>
              {verification.broken.map((link) => (
                <tr>
                  <td>{link.streamId}</td>
                  <td>seq {link.seq}</td>
                  <td>{link.problem}</td>
                  <td>{link.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p>
          Export the newest {MAX_AUDIT_PAGE} events:{' '}
          <a href="/admin/audit/export?format=csv">CSV</a> ·{' '}
          <a href="/admin/audit/export?format=json">JSON</a> (more, page by page:{' '}
          <code>hitl-mcp audit export</code>).
        </p>
        <table>
          <thead>
            <tr>
              <th>At</th>
              <th>Stream</th>
              <th>Type</th>
              <th>Actor</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((event) => (
              <tr>
                <td>{event.at}</td>
                <td>
                  {event.streamId}#{event.seq}
                </td>
                <td>
                  <code>{event.type}</code>
                </td>
                <td>{event.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });

  app.get('/audit/export', async (c) => {
    needRole(c.get('principal'), 'admin');
    const page = await deps.auditLog.listEvents({ limit: MAX_AUDIT_PAGE });
    if (c.req.query('format') === 'json') {
      return c.json(
        { events: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
        200,
        { 'content-disposition': 'attachment; filename="audit-events.json"' },
      );
    }
    return c.body(auditEventsCsv(page.items), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="audit-events.csv"',
    });
  });
}
