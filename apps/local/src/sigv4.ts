import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The credentials one run of the local runtime accepts on its AWS APIs. */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Fresh credentials for one run: the per-run token. Callers use them as their AWS SDK
 * credentials, so the SDK's own SigV4 signing proves they hold the secret.
 */
export function runCredentials(): LocalCredentials {
  return {
    accessKeyId: `LOCAL${randomBytes(10).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

export interface SignedRequest {
  method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Why a request's signature was not accepted, with the error type AWS answers with. */
export interface SignatureRefusal {
  awsType:
    | 'MissingAuthenticationTokenException'
    | 'UnrecognizedClientException'
    | 'InvalidSignatureException';
  message: string;
}

// What AWS allows between the signing time and its own clock.
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

// RFC 3986 escaping, as the SDK's signer does it.
const escapeUri = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function decodeOrRaw(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The path as the SDK's signer canonicalises it: dot segments resolved, escaped once more. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return escapeUri(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const [key, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return `${escapeUri(decodeOrRaw(key))}=${escapeUri(decodeOrRaw(value))}`;
    });
  return pairs.sort().join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

function signingTime(amzDate: string): number | undefined {
  const parts = AMZ_DATE.exec(amzDate);
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second] = parts.map(Number) as number[];
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
}

/**
 * Checks an AWS Signature Version 4 `Authorization` header: signed by `credentials`, over this
 * method, path, query, the signed headers (which must include `host` and `x-amz-date`) and body,
 * within 15 minutes of `now`. Undefined when it holds.
 */
export function verifySignature(
  request: SignedRequest,
  credentials: LocalCredentials,
  now: number,
): SignatureRefusal | undefined {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) {
    return {
      awsType: 'MissingAuthenticationTokenException',
      message: "requests must be signed with this run's credentials (AWS SigV4)",
    };
  }
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) {
    return {
      awsType: 'InvalidSignatureException',
      message: 'the Authorization header is not an AWS4-HMAC-SHA256 signature',
    };
  }
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = parsed as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (accessKeyId !== credentials.accessKeyId) {
    return {
      awsType: 'UnrecognizedClientException',
      message: "the access key id is not this run's (read it from the runtime file)",
    };
  }
  const signedHeaders = signedHeaderList.split(';');
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  const signedAt = signingTime(amzDate);
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
    return {
      awsType: 'InvalidSignatureException',
      message: 'the signature must cover the host and x-amz-date headers',
    };
  }
  if (signedAt === undefined || !amzDate.startsWith(date)) {
    return { awsType: 'InvalidSignatureException', message: 'x-amz-date is missing or malformed' };
  }
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    return {
      awsType: 'InvalidSignatureException',
      message: 'the signature is more than 15 minutes away from the current time',
    };
  }
  const lines: string[] = [];
  for (const name of [...signedHeaders].sort()) {
    const value = headerValue(request.headers, name);
    if (value === undefined) {
      return { awsType: 'InvalidSignatureException', message: `signed header ${name} is missing` };
    }
    lines.push(`${name}:${value}`);
  }
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  // Always the body's own hash: a claimed x-amz-content-sha256 cannot stand in for the body.
  const payloadHash = sha256Hex(request.body);
  const canonicalRequest = [
    request.method,
    canonicalPath(path),
    canonicalQuery(query),
    `${lines.join('\n')}\n`,
    [...signedHeaders].sort().join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = [date, region, service, 'aws4_request'].reduce<Buffer>(
    (key, part) => hmac(key, part),
    Buffer.from(`AWS4${credentials.secretAccessKey}`),
  );
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return {
      awsType: 'InvalidSignatureException',
      message: "the request signature does not match this run's credentials",
    };
  }
  return undefined;
}
