/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { hasRole, type Principal } from '../principal.js';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#cfe0ff;text-decoration:none}header a.on{color:#fff;font-weight:600}
header form{margin-left:auto}main{padding:1rem;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0}
th,td{border:1px solid #dde1e7;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#eef1f5}code,pre,textarea{font:12px/1.4 ui-monospace,monospace}
pre{margin:0;white-space:pre-wrap;word-break:break-word}
textarea{width:100%;box-sizing:border-box}input[type=text],input[type=password],select{padding:.2rem}
button{padding:.25rem .7rem;cursor:pointer}.approve{background:#1f7a3d;color:#fff;border:0}
.reject{background:#a32020;color:#fff;border:0}.muted{color:#667}.tag{padding:0 .35rem;border-radius:3px;background:#e6e9ef}
.s-pending{background:#fff1c2}.s-completed,.s-approved{background:#d7f3de}.s-rejected,.s-denied,.s-failed,.s-expired{background:#fbd9d9}
.flash{padding:.5rem;border:1px solid #9bc;background:#eef7ff;margin:.5rem 0}.error{border-color:#c66;background:#fdeeee}
.lines{counter-reset:l;list-style:none;padding:0;margin:0;background:#fff;border:1px solid #dde1e7}
.lines li{white-space:pre;font:12px/1.5 ui-monospace,monospace;padding-left:.3rem}
.lines li.bad{background:#fbd9d9}.lines li b{display:inline-block;width:2.5rem;color:#889}
.row{display:flex;gap:1rem;flex-wrap:wrap}.row>*{flex:1 1 320px}fieldset{border:1px solid #dde1e7;background:#fff}
svg text{font:11px system-ui,sans-serif}
`;

interface NavItem {
  href: string;
  label: string;
  role: Principal['roles'][number];
}

const NAV: NavItem[] = [
  { href: '/admin/approvals', label: 'Approvals', role: 'approver' },
  { href: '/admin/requests', label: 'Requests', role: 'requester' },
  { href: '/admin/servers', label: 'MCP servers', role: 'admin' },
  { href: '/admin/policies', label: 'Policies', role: 'admin' },
  { href: '/admin/analytics', label: 'Analytics', role: 'admin' },
  { href: '/admin/audit', label: 'Audit', role: 'admin' },
];

export interface PageProps {
  title: string;
  nonce: string;
  principal?: Principal | undefined;
  csrf?: string | undefined;
  current?: string | undefined;
  flash?: { text: string; error?: boolean } | undefined;
  children?: Child;
  script?: string | undefined;
}

/** Every page: one inline style sheet and at most one inline script, both under the CSP nonce. */
export function Page(props: PageProps) {
  const { principal } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No icon to fetch: one request per page. */}
        <link rel="icon" href="data:," />
        <title>{`${props.title} · AgentCore admin`}</title>
        <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <header>
          <strong>AgentCore</strong>
          {principal
            ? NAV.filter((item) => hasRole(principal, item.role)).map((item) => (
                <a href={item.href} class={props.current === item.href ? 'on' : undefined}>
                  {item.label}
                </a>
              ))
            : null}
          {principal ? (
            <form method="post" action="/admin/logout">
              <span class="muted">
                {principal.displayName} ({principal.roles.join(', ')}){' '}
              </span>
              <input type="hidden" name="_csrf" value={props.csrf} />
              <button type="submit">Sign out</button>
            </form>
          ) : null}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.flash ? (
            <p class={props.flash.error ? 'flash error' : 'flash'} role="status">
              {props.flash.text}
            </p>
          ) : null}
          {props.children}
        </main>
        {props.script ? (
          // Our own constant text, never input: safe to place as is.
          <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: props.script }} />
        ) : null}
      </body>
    </html>
  );
}

/** The hidden CSRF field every signed-in form carries. */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function StatusTag(props: { status: string }) {
  return <span class={`tag s-${props.status}`}>{props.status}</span>;
}

export function Json(props: { value: unknown }) {
  return (
    <pre>
      <code>{JSON.stringify(props.value, null, 2)}</code>
    </pre>
  );
}

/** "in 12 min", "expired 3 min ago" */
export function timeLeft(expiresAt: string | undefined, now: Date): string {
  if (!expiresAt) return '';
  const ms = new Date(expiresAt).getTime() - now.getTime();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const span =
    minutes >= 120 ? `${Math.round(minutes / 60)} h` : minutes >= 1 ? `${minutes} min` : '<1 min';
  return ms > 0 ? `${span} left` : `expired ${span} ago`;
}
