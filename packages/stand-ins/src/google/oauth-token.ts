import { type KeyObject, verify } from 'node:crypto';
import * as z from 'zod';

/** What Google's token endpoint always checks `aud` against, whatever host served the call. */
export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const HeaderSchema = z.object({ alg: z.literal('RS256'), typ: z.string().optional() });
const ClaimsSchema = z.object({
  iss: z.string().min(1),
  scope: z.string().min(1),
  aud: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  sub: z.string().min(1).optional(),
});
export type AssertionClaims = z.infer<typeof ClaimsSchema>;

/** An OAuth error as the token endpoint answers it: `{error, error_description}`. */
export interface OAuthFailure {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const invalidGrant = (description: string): OAuthFailure => ({
  status: 400,
  error: 'invalid_grant',
  description,
});

/**
 * Checks a JWT-bearer assertion as Google does: RS256, signed by the service account's key,
 * `aud` the token URL, a lifetime of at most an hour that has not ended, and a scope.
 */
export function verifyAssertion(
  assertion: string,
  publicKeyOf: (clientEmail: string) => KeyObject | undefined,
  nowSeconds: number,
): AssertionClaims | OAuthFailure {
  const parts = assertion.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || signature === undefined) {
    return invalidGrant(
      'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe',
    );
  }
  if (!HeaderSchema.safeParse(decodeJson(header)).success) {
    return invalidGrant('Invalid JWT Signature.');
  }
  const claims = ClaimsSchema.safeParse(decodeJson(payload));
  if (!claims.success) return invalidGrant('Invalid JWT: claims are missing or malformed.');
  const key = publicKeyOf(claims.data.iss);
  if (!key) {
    return { status: 401, error: 'invalid_client', description: 'The OAuth client was not found.' };
  }
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return invalidGrant('Invalid JWT Signature.');
  const { aud, iat, exp } = claims.data;
  if (aud !== GOOGLE_TOKEN_AUDIENCE) return invalidGrant('Invalid JWT: Invalid audience.');
  if (exp <= nowSeconds || exp - iat > 3600 || iat > nowSeconds + 300) {
    return invalidGrant(
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  return claims.data;
}
