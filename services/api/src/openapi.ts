import * as z from 'zod';
import type { RouteSpec } from './routing.js';

const ErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** The OpenAPI 3.1 document of the routes, built from the same specs the app serves. */
export function openApiDocument(specs: readonly RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [...spec.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (spec.query) {
      const query = jsonSchemaOf(spec.query) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: query.required?.includes(name) ?? false,
          schema,
        });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(spec.responses)) {
      responses[status] = { description };
    }
    responses.default = {
      description: 'an error, with a request id',
      content: { 'application/json': { schema: ErrorSchema } },
    };
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.access === 'public'
        ? { security: [] }
        : {
            description: `Needs the ${spec.access} role (admin includes approver, approver includes requester).`,
          }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchemaOf(spec.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AgentCore Marketplace request API',
      version,
      description:
        'Ask for actions, approve or reject them, follow them, and configure the system. Every route but /healthz, /openapi.json and /docs needs an API key: `Authorization: Bearer <key>`.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'hitl_…' } },
    },
    security: [{ apiKey: [] }],
    paths,
  };
}

/**
 * Interactive docs without a CDN: each operation with a form that sends it with your key. Plain
 * HTML and a little script, so it works offline and on an air-gapped install.
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AgentCore request API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}code,textarea,pre{font:13px ui-monospace,monospace}
.m{display:inline-block;width:4.5rem;font-weight:600;text-transform:uppercase}
textarea{width:100%;min-height:5rem}pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:24rem}
input{font:inherit;width:28rem;max-width:100%}
</style></head><body>
<h1>AgentCore request API</h1>
<p>The machine-readable description is <a href="openapi.json">openapi.json</a>.
Your key stays in this page: <input id="key" type="password" placeholder="hitl_… (from hitl-mcp keys create, or .local/api-keys.json)" autocomplete="off"></p>
<div id="ops">Loading…</div>
<script>
const ops = document.getElementById('ops');
fetch('openapi.json').then(r => r.json()).then(doc => {
  ops.textContent = '';
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const d = document.createElement('details');
      const s = document.createElement('summary');
      s.innerHTML = '<span class="m"></span><code></code> <span></span>';
      s.children[0].textContent = method; s.children[1].textContent = path; s.children[2].textContent = op.summary;
      d.append(s);
      const params = (op.parameters || []);
      const inputs = {};
      for (const p of params) {
        const l = document.createElement('label');
        l.textContent = p.name + ' (' + p.in + ') ';
        const i = document.createElement('input'); inputs[p.name] = [p, i]; l.append(i);
        d.append(l, document.createElement('br'));
      }
      let body;
      if (op.requestBody) {
        body = document.createElement('textarea'); body.value = '{}';
        const schema = document.createElement('pre');
        schema.textContent = JSON.stringify(op.requestBody.content['application/json'].schema, null, 2);
        d.append(schema, body);
      }
      const b = document.createElement('button'); b.textContent = 'Send';
      const out = document.createElement('pre');
      b.onclick = async () => {
        let url = path; const q = new URLSearchParams();
        for (const [name, [p, i]] of Object.entries(inputs)) {
          if (!i.value) continue;
          if (p.in === 'path') url = url.replace('{' + name + '}', encodeURIComponent(i.value)); else q.set(name, i.value);
        }
        const headers = { accept: 'application/json' };
        const key = document.getElementById('key').value;
        if (key) headers.authorization = 'Bearer ' + key;
        if (body) headers['content-type'] = 'application/json';
        const r = await fetch(url.slice(1) + (q.size ? '?' + q : ''), { method, headers, body: body ? body.value : undefined });
        out.textContent = r.status + '\\n' + await r.text();
      };
      d.append(b, out);
      ops.append(d);
    }
  }
});
</script></body></html>`;
}
