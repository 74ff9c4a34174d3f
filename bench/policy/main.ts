// Decision latency of the policy engine with 10, 100 and 1000 policies: the sliced engine (the
// whole decision: request building, slice lookup, Cedar, reading the outcome) against raw Cedar
// evaluating the whole pre-parsed set for the same request.
// Run: npm run bench -- policy
// Last line: {"policies":1000,"p50_us":…,"p99_us":…,"raw_p50_us":…,"raw_p99_us":…,"speedup_vs_raw":…}
import { PolicyEngine } from '@agentcore/policy';
import { catalog, ENVIRONMENT, policies, Random, requests } from './workload.js';

const SIZES = [10, 100, 1000] as const;
const REQUESTS = 2_000;
const BLOCK = 100;
const TARGET_P50_US = 100;
const TARGET_SPEEDUP = 10;
/** Exact calls per request in the multi-call run: each is a Cedar evaluation of its own. */
const CALLS = 4;
// A fixed instant: the benchmark must not depend on the time of day it runs at.
const NOW = new Date('2025-01-15T10:00:00Z');

interface Figures {
  policies: number;
  p50: number;
  p99: number;
  perSecond: number;
  rawP50: number;
  rawP99: number;
  rawPerSecond: number;
  slicePolicies: number;
  coldP50: number;
  coldP99: number;
  /** Whole decisions of requests of CALLS exact calls each. */
  multiP50: number;
  multiP99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function timedUs(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1_000;
}

function measure(size: number): Figures {
  const random = new Random(size);
  const engine = new PolicyEngine({
    catalog: catalog(random),
    policies: [policies(random, size)],
    config: { environment: ENVIRONMENT },
    clock: () => NOW,
  });
  const actions = requests(random, REQUESTS);
  const multiCall = requests(random, REQUESTS, CALLS);
  const raw = actions.map((action) => {
    const [request] = engine.cedarRequests(action, { now: NOW });
    if (request === undefined) throw new Error('a single-tool action makes one Cedar request');
    return request;
  });

  // Warm-up pass: the first sight of each slice pre-parses it once; reported apart as "cold".
  let slicePolicies = 0;
  const cold: number[] = [];
  for (const action of actions) {
    cold.push(
      timedUs(() => {
        for (const verdict of engine.evaluate(action, { now: NOW }).verdicts) {
          slicePolicies += verdict.evaluatedPolicies;
        }
      }),
    );
  }
  for (const request of raw) engine.authorizeRaw(request);
  cold.sort((a, b) => a - b);

  // Alternating blocks of requests, so drift on a shared machine hits both paths alike while
  // each path runs as it would in service, call after call, with its own data in the caches.
  const sliced: number[] = [];
  const whole: number[] = [];
  for (let start = 0; start < actions.length; start += BLOCK) {
    const block = actions.slice(start, start + BLOCK);
    for (const action of block) sliced.push(timedUs(() => engine.decide(action, { now: NOW })));
    for (const request of raw.slice(start, start + BLOCK)) {
      whole.push(timedUs(() => engine.authorizeRaw(request)));
    }
  }
  for (const action of multiCall) engine.decide(action, { now: NOW });
  const multi = multiCall.map((action) => timedUs(() => engine.decide(action, { now: NOW })));
  sliced.sort((a, b) => a - b);
  whole.sort((a, b) => a - b);
  multi.sort((a, b) => a - b);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    policies: size,
    p50: percentile(sliced, 0.5),
    p99: percentile(sliced, 0.99),
    perSecond: (sliced.length / sum(sliced)) * 1e6,
    rawP50: percentile(whole, 0.5),
    rawP99: percentile(whole, 0.99),
    rawPerSecond: (whole.length / sum(whole)) * 1e6,
    slicePolicies: slicePolicies / actions.length,
    coldP50: percentile(cold, 0.5),
    coldP99: percentile(cold, 0.99),
    multiP50: percentile(multi, 0.5),
    multiP99: percentile(multi, 0.99),
  };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

console.log(
  `policy engine: ${REQUESTS} single-call decisions per size, measured after a first ("cold") pass`,
);
console.log(
  'cold = that first pass, where each new slice is pre-parsed once; raw = Cedar isAuthorized on',
);
console.log('the whole pre-parsed set with the full request (no slicing, no outcome reading)');
console.log(
  `policies  sliced p50 µs  p99 µs  decisions/s  |  raw p50 µs  p99 µs  decisions/s  |  speedup  policies/slice  |  cold p50 µs  p99 µs  |  ${CALLS} calls p50 µs  p99 µs`,
);
const results = SIZES.map(measure);
for (const r of results) {
  console.log(
    [
      String(r.policies).padStart(8),
      round(r.p50).toFixed(1).padStart(14),
      round(r.p99).toFixed(1).padStart(7),
      Math.round(r.perSecond).toString().padStart(12),
      '  |',
      round(r.rawP50).toFixed(1).padStart(11),
      round(r.rawP99).toFixed(1).padStart(7),
      Math.round(r.rawPerSecond).toString().padStart(12),
      '  |',
      `${round(r.rawP50 / r.p50)}x`.padStart(8),
      round(r.slicePolicies).toFixed(1).padStart(15),
      '  |',
      round(r.coldP50).toFixed(1).padStart(12),
      round(r.coldP99).toFixed(1).padStart(7),
      '  |',
      round(r.multiP50).toFixed(1).padStart(15),
      round(r.multiP99).toFixed(1).padStart(7),
    ].join(' '),
  );
}
const last = results[results.length - 1];
if (last === undefined) throw new Error('no sizes measured');
const speedup = round(last.rawP50 / last.p50);
console.log(
  `target at ${last.policies} policies: p50 < ${TARGET_P50_US} µs (${last.p50 < TARGET_P50_US ? 'met' : 'missed'}), ` +
    `>= ${TARGET_SPEEDUP}x raw (${speedup >= TARGET_SPEEDUP ? 'met' : 'missed'})`,
);
console.log(
  JSON.stringify({
    policies: last.policies,
    p50_us: round(last.p50),
    p99_us: round(last.p99),
    raw_p50_us: round(last.rawP50),
    raw_p99_us: round(last.rawP99),
    speedup_vs_raw: speedup,
    [`calls_${CALLS}_p50_us`]: round(last.multiP50),
  }),
);
