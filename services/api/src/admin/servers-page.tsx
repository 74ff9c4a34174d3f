/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { HttpError } from '../http-errors.js';
import { SECRET_SET, type ServerBody, type ServerView } from '../routes/server-entries.js';
import { toolsWithPolicy } from '../routes/tools.js';
import { aliasOf, serverActions } from '../server-actions.js';
import { needRole } from './auth.js';
import type { AdminDeps, AdminEnv } from './deps.js';
import { commaList, envLines, formFields } from './forms.js';
import { Csrf, Page } from './layout.js';

function transportOf(server: ServerView): string {
  if (server.builtin) return `built in: ${server.builtin}`;
  if (server.url) return `http: ${server.url}`;
  if (server.command) return `stdio: ${server.command} ${(server.args ?? []).join(' ')}`;
  if (server.path) return `script: ${server.path}`;
  return '';
}

function ServerRow(props: { server: ServerView; csrf: string }) {
  const { server } = props;
  const secrets = Object.keys(server.env ?? server.headers ?? {});
  return (
    <tr data-server={server.alias}>
      <td>
        <a href={`/admin/servers/${server.alias}`}>{server.alias}</a>
      </td>
      <td>
        <code>{transportOf(server)}</code>
      </td>
      <td>
        <form method="post" action={`/admin/servers/${server.alias}/enabled`}>
          <Csrf token={props.csrf} />
          {server.enabled ? 'enabled ' : 'disabled '}
          <button type="submit" name="enabled" value={server.enabled ? 'false' : 'true'}>
            {server.enabled ? 'Disable' : 'Enable'}
          </button>
        </form>
      </td>
      <td>
        <form method="post" action={`/admin/servers/${server.alias}`}>
          <Csrf token={props.csrf} />
          <input
            type="text"
            name="disabledTools"
            value={server.disabledTools.join(', ')}
            placeholder="tool names, comma separated"
          />
          {server.command || server.path ? (
            <textarea name="env" rows={2} placeholder="KEY=VALUE per line; blank keeps all">
              {secrets.map((name) => `${name}=${SECRET_SET}`).join('\n')}
            </textarea>
          ) : null}
          <button type="submit">Save</button>
        </form>
      </td>
      <td>{secrets.length > 0 ? `${secrets.join(', ')} (values never shown)` : ''}</td>
    </tr>
  );
}

function AddForm(props: { csrf: string; builtins: string[] }) {
  return (
    <form method="post" action="/admin/servers/new">
      <Csrf token={props.csrf} />
      <h2>Add a server</h2>
      <div class="row">
        <label>
          Alias <input type="text" name="alias" required pattern="[a-z][a-z0-9_-]*" />
        </label>
        <label>
          Kind{' '}
          <select name="kind">
            <option value="builtin">built in</option>
            <option value="url">Streamable HTTP (url)</option>
            <option value="command">stdio (command)</option>
          </select>
        </label>
        <label>
          Target{' '}
          <input
            type="text"
            name="target"
            required
            placeholder={`${props.builtins.join(' | ')}, a URL, or a command`}
          />
        </label>
        <label>
          Arguments <input type="text" name="args" placeholder="comma separated" />
        </label>
      </div>
      <label>
        Environment (write-only: stored, never shown back)
        <textarea name="env" rows={2} placeholder="KEY=VALUE per line" />
      </label>
      <button type="submit">Add</button>
    </form>
  );
}

function envOf(text: string | undefined): Record<string, string> | undefined {
  if (!text?.trim()) return undefined;
  const env = envLines(text);
  if ('badLine' in env) {
    throw new HttpError(400, 'validation_failed', `environment: "${env.badLine}" is not KEY=VALUE`);
  }
  return env;
}

/** MCP servers: list, add, edit, enable or disable, disabled tools, tools with policy. */
export function serverPageRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  const servers = serverActions(deps);

  app.get('/servers', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const { version, servers: list } = await servers.list();
    return c.html(
      <Page
        title="MCP servers"
        nonce={c.get('nonce')}
        principal={principal}
        csrf={c.get('csrf')}
        current="/admin/servers"
        flash={
          c.req.query('saved')
            ? { text: 'Saved: running functions use it from their next request.' }
            : undefined
        }
      >
        <p class="muted">Configuration version {version}.</p>
        <table>
          <thead>
            <tr>
              <th>Alias</th>
              <th>Transport</th>
              <th>Enabled</th>
              <th>Disabled tools / environment</th>
              <th>Secrets</th>
            </tr>
          </thead>
          <tbody>
            {list.map((server) => (
              <ServerRow server={server} csrf={c.get('csrf')} />
            ))}
          </tbody>
        </table>
        <AddForm csrf={c.get('csrf')} builtins={deps.mcp.builtinNames()} />
      </Page>,
    );
  });

  app.post('/servers/new', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const fields = await formFields(c);
    const target = fields.target?.trim() ?? '';
    const kind = fields.kind === 'url' || fields.kind === 'command' ? fields.kind : 'builtin';
    const env = envOf(fields.env);
    const body: ServerBody = {
      alias: fields.alias?.trim() ?? '',
      [kind]: target,
      ...(kind === 'command' ? { args: commaList(fields.args) } : {}),
      ...(env ? { env } : {}),
    };
    const added = await servers.add(principal.userId, body);
    return c.redirect(`/admin/servers/${added.server.alias}?saved=1`, 303);
  });

  app.post('/servers/:alias/enabled', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const fields = await formFields(c);
    await servers.patch(principal.userId, aliasOf(c.req.param()), {
      enabled: fields.enabled === 'true',
    });
    return c.redirect('/admin/servers?saved=1', 303);
  });

  app.post('/servers/:alias', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const alias = aliasOf(c.req.param());
    const fields = await formFields(c);
    const disabledTools = commaList(fields.disabledTools).map((name) =>
      name.includes('__') ? name.slice(name.indexOf('__') + 2) : name,
    );
    const env = envOf(fields.env);
    if (env) {
      const listed = await servers.list();
      const current = listed.servers.find((server) => server.alias === alias);
      if (!current) throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias}'`);
      const { builtIn: _b, configured: _c, env: _e, headers: _h, ...rest } = current;
      await servers.replace(principal.userId, alias, { ...rest, disabledTools, env });
    } else {
      await servers.patch(principal.userId, alias, { disabledTools });
    }
    return c.redirect('/admin/servers?saved=1', 303);
  });

  app.get('/servers/:alias', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const alias = aliasOf(c.req.param());
    // Asking the server for its tools is the connection test: a failure is its answer.
    let listed: Awaited<ReturnType<typeof servers.tools>>;
    try {
      listed = await servers.tools(alias);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 503) throw error;
      return c.html(
        <Page
          title={`MCP server ${alias}`}
          nonce={c.get('nonce')}
          principal={principal}
          csrf={c.get('csrf')}
          current="/admin/servers"
        >
          <p class="flash error" id="connection">
            Connection failed: {error.message}
          </p>
          <p>
            <a href={`/admin/servers/${alias}`}>Try again</a> ·{' '}
            <a href="/admin/servers">All servers</a>
          </p>
        </Page>,
        503,
      );
    }
    const withPolicy = await toolsWithPolicy(deps, principal, deps.environment ?? 'dev');
    const policyOf = new Map(withPolicy.tools.map((tool) => [tool.name, tool.policy]));
    return c.html(
      <Page
        title={`MCP server ${alias}`}
        nonce={c.get('nonce')}
        principal={principal}
        csrf={c.get('csrf')}
        current="/admin/servers"
        flash={c.req.query('saved') ? { text: 'Saved.' } : undefined}
      >
        <p id="connection">
          Connection: <strong>ok</strong>, {listed.tools.length} tools listed
          {listed.enabled ? '' : ' (server disabled)'}.
        </p>
        {listed.problems.length > 0 ? (
          <pre class="flash error">{JSON.stringify(listed.problems)}</pre>
        ) : null}
        <table>
          <thead>
            <tr>
              <th>Tool</th>
              <th>Description</th>
              <th>Annotations</th>
              <th>Policy if asked alone</th>
            </tr>
          </thead>
          <tbody>
            {listed.tools.map((tool) => {
              const policy = policyOf.get(tool.name);
              return (
                <tr data-tool={tool.name}>
                  <td>
                    <code>{tool.name}</code>
                    {tool.disabled ? ' (disabled)' : ''}
                  </td>
                  <td>{tool.description}</td>
                  <td>
                    <code>{JSON.stringify(tool.annotations ?? {})}</code>
                  </td>
                  <td>
                    {policy
                      ? `${policy.outcome} (${policy.policyIds.join(', ') || 'default'})`
                      : tool.disabled
                        ? 'not offered'
                        : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p>
          <a href="/admin/servers">All servers</a>
        </p>
      </Page>,
    );
  });
}
