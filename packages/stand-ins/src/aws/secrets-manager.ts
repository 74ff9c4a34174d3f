import * as z from 'zod';
import {
  type RecordedRequest,
  type StandIn,
  type StandInReply,
  startStandInServer,
} from '../http/stand-in-server.js';

/** A secret's value: text is returned as `SecretString`, bytes as `SecretBinary`. */
export type StandInSecretValue = string | Uint8Array;

export interface SecretsManagerStandInOptions {
  readonly port?: number;
  readonly host?: string;
  readonly region?: string;
  readonly secrets?: Readonly<Record<string, StandInSecretValue>>;
}

export interface SecretsManagerStandIn extends StandIn {
  /** Creates or replaces a secret; later reads see the new value. */
  setSecret(name: string, value: StandInSecretValue): void;
  deleteSecret(name: string): void;
}

const ERROR_TYPES: Readonly<Record<number, { type: string; message: string }>> = {
  400: { type: 'InvalidRequestException', message: 'The request is not valid.' },
  403: { type: 'AccessDeniedException', message: 'Access denied.' },
  429: { type: 'ThrottlingException', message: 'Rate exceeded' },
  500: { type: 'InternalServiceError', message: 'An error occurred on the server side.' },
  503: { type: 'ServiceUnavailableException', message: 'Service unavailable.' },
};

/** The awsJson1.1 error body: `{__type, message}`. */
export function awsErrorBody(status: number, type?: string, message?: string) {
  const known = ERROR_TYPES[status];
  return {
    __type: type ?? known?.type ?? 'InternalServiceError',
    message: message ?? known?.message ?? 'Request failed.',
  };
}

const GetSecretValueRequestSchema = z.object({
  SecretId: z.string().min(1),
  VersionId: z.string().optional(),
  VersionStage: z.string().optional(),
});

const ACCOUNT_ID = '000000000000';
const VERSION_ID = '00000000-0000-4000-8000-000000000001';

function awsFail(status: number, type: string, message: string): StandInReply {
  return {
    status,
    json: awsErrorBody(status, type, message),
    headers: { 'x-amzn-errortype': type },
  };
}

/**
 * Starts a Secrets Manager stand-in answering `GetSecretValue` over the awsJson1.1 protocol,
 * so the real `SecretsManagerClient` works against it with only `endpoint` changed.
 * Signatures are not verified; a SigV4 `Authorization` header is still required.
 */
export async function startSecretsManagerStandIn(
  options: SecretsManagerStandInOptions = {},
): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, StandInSecretValue>(Object.entries(options.secrets ?? {}));
  const region = options.region ?? 'us-east-1';
  const arnOf = (name: string) =>
    `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${name}-AbCdEf`;

  const getSecretValue = (request: RecordedRequest): StandInReply => {
    let input: unknown;
    try {
      input = JSON.parse(request.body);
    } catch {
      return awsFail(400, 'SerializationException', 'The request body is not valid JSON.');
    }
    const parsed = GetSecretValueRequestSchema.safeParse(input);
    if (!parsed.success) {
      return awsFail(400, 'ValidationException', 'SecretId must be a non-empty string.');
    }
    const id = parsed.data.SecretId;
    const name = [...secrets.keys()].find(
      (candidate) => candidate === id || arnOf(candidate) === id,
    );
    const value = name === undefined ? undefined : secrets.get(name);
    if (name === undefined || value === undefined) {
      return awsFail(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    const payload =
      typeof value === 'string'
        ? { SecretString: value }
        : { SecretBinary: Buffer.from(value).toString('base64') };
    return {
      status: 200,
      json: {
        ARN: arnOf(name),
        Name: name,
        VersionId: VERSION_ID,
        ...payload,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1709294400.5,
      },
    };
  };

  const route = (request: RecordedRequest): StandInReply => {
    if (request.method !== 'POST' || request.path !== '/') {
      return awsFail(404, 'UnknownOperationException', 'Unknown operation.');
    }
    if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
      return awsFail(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return awsFail(400, 'UnknownOperationException', 'Only GetSecretValue is supported.');
    }
    return getSecretValue(request);
  };

  const server = await startStandInServer({
    port: options.port,
    host: options.host,
    route,
    errorBody: (status) => awsErrorBody(status),
  });
  return {
    ...server,
    setSecret: (name, value) => {
      secrets.set(name, value);
    },
    deleteSecret: (name) => {
      secrets.delete(name);
    },
  };
}
