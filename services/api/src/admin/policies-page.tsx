/** @jsxImportSource hono/jsx */
import { type PolicySource, PolicySourceSchema } from '@agentcore/policy';
import type { Hono } from 'hono';
import { HttpError } from '../http-errors.js';
import {
  activatePolicies,
  activePolicySources,
  type Invalid,
  type PolicyTestResult,
  type ReplayChange,
  replayDraft,
  rollbackPolicies,
  testPolicy,
  validateDraft,
} from '../policy-actions.js';
import { errorViews, type PolicyErrorView } from '../policy-views.js';
import { needRole } from './auth.js';
import type { AdminContext, AdminDeps, AdminEnv } from './deps.js';
import { formFields } from './forms.js';
import { Csrf, Json, Page } from './layout.js';

interface Outcome {
  flash?: { text: string; error?: boolean };
  errors?: PolicyErrorView[];
  test?: PolicyTestResult;
  replay?: { evaluated: number; activeVersion: number; changed: ReplayChange[] };
}

/** A source with its lines numbered, the lines with problems marked and their messages beside. */
function SourceLines(props: { source: PolicySource; errors: PolicyErrorView[] }) {
  const mine = props.errors.filter((error) => error.source === props.source.name);
  if (mine.length === 0) return null;
  const lines = props.source.text.split('\n');
  return (
    <figure>
      <figcaption>
        <code>{props.source.name}</code>
      </figcaption>
      <ol class="lines" data-source={props.source.name}>
        {lines.map((line, index) => {
          const here = mine.filter((error) => error.line === index + 1);
          return (
            <li class={here.length > 0 ? 'bad' : undefined} data-line={index + 1}>
              <b>{index + 1}</b>
              {line}
              {here.map((error) => (
                <strong>{`   ← column ${error.column}: ${error.message}`}</strong>
              ))}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

function ReplayTable(props: { replay: NonNullable<Outcome['replay']> }) {
  const { replay } = props;
  return (
    <section id="replay">
      <h2>Replay against recent requests</h2>
      <p>
        {replay.evaluated} requests decided again; {replay.changed.length} would change (active
        version {replay.activeVersion}).
      </p>
      <table>
        <thead>
          <tr>
            <th>Request</th>
            <th>Tools</th>
            <th>Active set</th>
            <th>Draft</th>
          </tr>
        </thead>
        <tbody>
          {replay.changed.map((change) => (
            <tr data-changed={change.requestId}>
              <td>
                <a href={`/admin/requests/${change.requestId}`}>{change.summary}</a>
                <br />
                <small class="muted">{change.requestId}</small>
              </td>
              <td>{change.tools.join(', ')}</td>
              <td>{change.before ? change.before.outcome : ''}</td>
              <td>
                <strong>{change.after.outcome}</strong>{' '}
                <small>{change.after.policyIds.join(', ')}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The draft as the form sends it: `name_i` and `text_i` per source, the new one if named. */
function draftOf(fields: Record<string, string>): PolicySource[] {
  const sources: PolicySource[] = [];
  for (let index = 0; index < 50; index++) {
    const name = fields[`name_${index}`];
    if (name === undefined) break;
    const text = fields[`text_${index}`] ?? '';
    if (name.trim() !== '' && text.trim() !== '') sources.push({ name: name.trim(), text });
  }
  if (fields.name_new?.trim() && fields.text_new?.trim()) {
    sources.push({ name: fields.name_new.trim(), text: fields.text_new });
  }
  const parsed = PolicySourceSchema.array().min(1).safeParse(sources);
  if (!parsed.success) throw new HttpError(400, 'validation_failed', 'give at least one source');
  return parsed.data.map((source) => ({ ...source, text: source.text.replaceAll('\r\n', '\n') }));
}

function errorsOutcome(errors: PolicyErrorView[]): Outcome {
  const first = errors[0];
  return {
    errors,
    flash: {
      text: `Invalid: ${errors.length} problem(s)${first ? `, first at ${first.source}:${first.line}:${first.column}` : ''}. Nothing was changed.`,
      error: true,
    },
  };
}

const problemsOf = (invalid: Invalid): Outcome => errorsOutcome(errorViews(invalid.problems));

/** Policies: edit the Cedar sources, validate, test, replay, activate, and roll back. */
export function policyPageRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  const render = async (
    c: AdminContext,
    draft: PolicySource[] | undefined,
    outcome: Outcome,
    fields: Record<string, string> = {},
  ) => {
    const active = await activePolicySources(deps);
    const history = await deps.config.history('policies', 20);
    const sources = draft ?? active.sources;
    const errors = outcome.errors ?? [];
    return c.html(
      <Page
        title="Policies"
        nonce={c.get('nonce')}
        principal={c.get('principal')}
        csrf={c.get('csrf')}
        current="/admin/policies"
        flash={outcome.flash}
      >
        <p class="muted">
          Active version {active.version}
          {active.version === 0 ? ' (the built-in set, never saved)' : ''}.
        </p>
        {sources.map((source) => (
          <SourceLines source={source} errors={errors} />
        ))}
        {outcome.test ? (
          <section id="test-result">
            <h2>Test: {outcome.test.decision.outcome}</h2>
            <p>
              {outcome.test.decision.reason} (
              {outcome.test.decision.policyIds.join(', ') || 'default'})
            </p>
            <Json value={outcome.test.tools} />
          </section>
        ) : null}
        {outcome.replay ? <ReplayTable replay={outcome.replay} /> : null}
        <form method="post" action="/admin/policies">
          <Csrf token={c.get('csrf')} />
          {sources.map((source, index) => (
            <fieldset>
              <legend>
                <code>{source.name}</code>
              </legend>
              <input type="hidden" name={`name_${index}`} value={source.name} />
              <textarea
                name={`text_${index}`}
                rows={Math.min(24, source.text.split('\n').length + 1)}
              >
                {source.text}
              </textarea>
            </fieldset>
          ))}
          <fieldset>
            <legend>New source (optional)</legend>
            <input type="text" name="name_new" placeholder="name.cedar" />
            <textarea name="text_new" rows={3} />
          </fieldset>
          <fieldset>
            <legend>Sample request for Test</legend>
            <input type="text" name="tool" placeholder="alias__tool" value={fields.tool ?? ''} />{' '}
            <input
              type="text"
              name="args"
              placeholder='{"email":"bob@example.com"}'
              value={fields.args ?? ''}
              size={40}
            />{' '}
            <input
              type="text"
              name="as"
              placeholder="as user id (default you)"
              value={fields.as ?? ''}
            />
          </fieldset>
          <p>
            <button type="submit" name="op" value="validate">
              Validate
            </button>{' '}
            <button type="submit" name="op" value="test">
              Test sample
            </button>{' '}
            <button type="submit" name="op" value="replay">
              Replay recent requests
            </button>{' '}
            <button type="submit" name="op" value="activate">
              Activate
            </button>
          </p>
        </form>
        <h2>History</h2>
        <table>
          <tbody>
            {history.map((version) => (
              <tr>
                <td>v{version.version}</td>
                <td>{version.author}</td>
                <td>{version.savedAt}</td>
                <td>
                  {version.version < active.version ? (
                    <form method="post" action="/admin/policies/rollback">
                      <Csrf token={c.get('csrf')} />
                      <button type="submit" name="toVersion" value={String(version.version)}>
                        Roll back to v{version.version}
                      </button>
                    </form>
                  ) : (
                    'active'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  };

  app.get('/policies', (c) => {
    needRole(c.get('principal'), 'admin');
    return render(c, undefined, c.req.query('saved') ? { flash: { text: 'Activated.' } } : {});
  });

  app.post('/policies', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const fields = await formFields(c);
    const draft = draftOf(fields);
    switch (fields.op) {
      case 'validate': {
        const { errors } = await validateDraft(deps, draft);
        return render(
          c,
          draft,
          errors.length > 0 ? errorsOutcome(errors) : { flash: { text: 'Valid: no problems.' } },
          fields,
        );
      }
      case 'test': {
        let args: unknown = {};
        try {
          args = JSON.parse(fields.args?.trim() || '{}');
        } catch {
          throw new HttpError(400, 'validation_failed', 'the sample arguments are not JSON');
        }
        const tool = fields.tool?.trim();
        if (!tool) throw new HttpError(400, 'validation_failed', 'name a tool to test');
        const result = await testPolicy(deps, principal, {
          sources: draft,
          request: { toolCalls: [{ tool, arguments: args as Record<string, unknown> }] },
          ...(fields.as?.trim() ? { requester: { userId: fields.as.trim() } } : {}),
        });
        return render(
          c,
          draft,
          'problems' in result ? problemsOf(result) : { test: result },
          fields,
        );
      }
      case 'replay': {
        const result = await replayDraft(deps, draft, 100);
        return render(
          c,
          draft,
          'problems' in result ? problemsOf(result) : { replay: result },
          fields,
        );
      }
      case 'activate': {
        const result = await activatePolicies(deps, principal.userId, draft);
        if ('problems' in result) return render(c, draft, problemsOf(result), fields);
        return c.redirect('/admin/policies?saved=1', 303);
      }
      default:
        throw new HttpError(400, 'validation_failed', 'choose Validate, Test, Replay or Activate');
    }
  });

  app.post('/policies/rollback', async (c) => {
    const principal = c.get('principal');
    needRole(principal, 'admin');
    const fields = await formFields(c);
    const toVersion = Number(fields.toVersion);
    if (!Number.isInteger(toVersion) || toVersion < 1) {
      throw new HttpError(400, 'validation_failed', 'choose a version to roll back to');
    }
    const result = await rollbackPolicies(deps, principal.userId, toVersion);
    if ('problems' in result) return render(c, [...result.sources], problemsOf(result));
    return c.redirect('/admin/policies?saved=1', 303);
  });
}
