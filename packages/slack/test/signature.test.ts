import { describe, expect, it } from 'vitest';
import { rawBodyOf, signSlackRequest, verifySlackRequest } from '../src/index.js';

// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
const VECTOR = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  rawBody:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const SIGNED_AT = new Date(Number(VECTOR.timestamp) * 1000);
const seconds = (offset: number) => new Date(SIGNED_AT.getTime() + offset * 1000);

describe('verifySlackRequest', () => {
  it("signs Slack's documented test vector to the documented signature", () => {
    // Act
    const signature = signSlackRequest(VECTOR);

    // Assess
    expect(signature).toBe(VECTOR.signature);
  });

  it("accepts Slack's documented request at its own time and at either edge of the window", () => {
    // Act
    const results = [0, -300, 300].map((offset) =>
      verifySlackRequest({ ...VECTOR, now: seconds(-offset) }),
    );

    // Assess
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
  });

  it('refuses a timestamp more than 300 s old (a replay) and one more than 300 s ahead', () => {
    // Act
    const stale = verifySlackRequest({ ...VECTOR, now: seconds(301) });
    const future = verifySlackRequest({ ...VECTOR, now: seconds(-301) });

    // Assess
    expect(stale).toEqual({ ok: false, reason: 'stale' });
    expect(future).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses a replay re-signed with a fresh timestamp but the old signature', () => {
    // Prepare: an attacker copies a captured signature onto a new timestamp to pass the window.
    const fresh = String(Number(VECTOR.timestamp) + 1000);

    // Act
    const result = verifySlackRequest({ ...VECTOR, timestamp: fresh, now: seconds(1000) });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a missing timestamp or signature', () => {
    // Act
    const noTimestamp = verifySlackRequest({ ...VECTOR, timestamp: undefined, now: SIGNED_AT });
    const noSignature = verifySlackRequest({ ...VECTOR, signature: undefined, now: SIGNED_AT });
    const empty = verifySlackRequest({ ...VECTOR, signature: '', now: SIGNED_AT });

    // Assess
    expect([noTimestamp, noSignature, empty]).toEqual([
      { ok: false, reason: 'missing' },
      { ok: false, reason: 'missing' },
      { ok: false, reason: 'missing' },
    ]);
  });

  it('refuses malformed headers before computing anything', () => {
    // Act
    const reasons = [
      { timestamp: '1531420618.5' },
      { timestamp: '-1' },
      { signature: VECTOR.signature.replace('v0=', 'v1=') },
      { signature: VECTOR.signature.slice(0, -2) },
      { signature: VECTOR.signature.toUpperCase() },
    ].map((change) => verifySlackRequest({ ...VECTOR, ...change, now: SIGNED_AT }));

    // Assess
    expect(reasons.every((result) => !result.ok && result.reason === 'malformed')).toBe(true);
  });

  it('refuses a body changed by one byte, a wrong secret and a flipped signature digit', () => {
    // Prepare
    const flipped = `${VECTOR.signature.slice(0, -1)}${VECTOR.signature.endsWith('3') ? '4' : '3'}`;

    // Act
    const results = [
      verifySlackRequest({ ...VECTOR, rawBody: `${VECTOR.rawBody} `, now: SIGNED_AT }),
      verifySlackRequest({ ...VECTOR, signingSecret: 'another-secret', now: SIGNED_AT }),
      verifySlackRequest({ ...VECTOR, signature: flipped, now: SIGNED_AT }),
    ];

    // Assess
    expect(results).toEqual([
      { ok: false, reason: 'mismatch' },
      { ok: false, reason: 'mismatch' },
      { ok: false, reason: 'mismatch' },
    ]);
  });

  it('verifies a base64 body from API Gateway once decoded, and not the encoded text', () => {
    // Prepare
    const encoded = Buffer.from(VECTOR.rawBody, 'utf8').toString('base64');

    // Act
    const decoded = verifySlackRequest({
      ...VECTOR,
      rawBody: rawBodyOf(encoded, true),
      now: SIGNED_AT,
    });
    const asIs = verifySlackRequest({
      ...VECTOR,
      rawBody: rawBodyOf(encoded, false),
      now: SIGNED_AT,
    });

    // Assess
    expect(decoded).toEqual({ ok: true });
    expect(asIs).toEqual({ ok: false, reason: 'mismatch' });
  });
});
