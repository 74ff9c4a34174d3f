import * as z from 'zod';
import { TOTP_ALGORITHMS } from './totp.js';

const PERIOD_MESSAGE = 'period must be a whole number of seconds between 15 and 120';
const DIGITS_MESSAGE = 'digits must be a whole number between 6 and 10';

export const TotpAlgorithmSchema = z.enum(TOTP_ALGORITHMS, {
  error: 'algorithm must be one of SHA1, SHA256, SHA512',
});

export const PeriodSchema = z
  .number({ error: PERIOD_MESSAGE })
  .int(PERIOD_MESSAGE)
  .min(15, PERIOD_MESSAGE)
  .max(120, PERIOD_MESSAGE)
  .default(30)
  .describe('Time step in seconds (15-120); most authenticators use 30');

export const DigitsSchema = z
  .number({ error: DIGITS_MESSAGE })
  .int(DIGITS_MESSAGE)
  .min(6, DIGITS_MESSAGE)
  .max(10, DIGITS_MESSAGE)
  .default(6)
  .describe('Code length (6-10)');

const AlgorithmInputSchema = TotpAlgorithmSchema.default('SHA1').describe(
  'HMAC algorithm of the account (RFC 6238); most authenticators use SHA1',
);

export const GetTotpCodeInputSchema = z.object({
  secret_name: z
    .string({ error: 'secret_name is required' })
    .min(1, 'secret_name must not be empty')
    .describe('Name (or ARN) of the stored secret holding the base32 TOTP seed'),
  key_field: z
    .string()
    .min(1, 'key_field must not be empty')
    .default('secret')
    .describe(
      'Field holding the seed when the secret is a JSON object; a plain value is used as is',
    ),
  period: PeriodSchema,
  digits: DigitsSchema,
  algorithm: AlgorithmInputSchema,
  secret_region: z
    .string()
    .min(1, 'secret_region must not be empty')
    .optional()
    .describe('AWS region of the secret when it is not the default one'),
});
export type GetTotpCodeInput = z.infer<typeof GetTotpCodeInputSchema>;

export const GenerateTotpCodeInputSchema = z.object({
  secret_value: z
    .string({ error: 'secret_value is required' })
    .describe('Base32 TOTP seed (RFC 4648; spaces, lower case and = padding are accepted)'),
  period: PeriodSchema,
  digits: DigitsSchema,
  algorithm: AlgorithmInputSchema,
});
export type GenerateTotpCodeInput = z.infer<typeof GenerateTotpCodeInputSchema>;

export const TotpCodeOutputSchema = z.object({
  code: z.string().regex(/^\d{6,10}$/),
  algorithm: TotpAlgorithmSchema,
  digits: z.number().int(),
  period: z.number().int(),
  valid_for_seconds: z.number().int().min(1),
});
export type TotpCodeOutput = z.infer<typeof TotpCodeOutputSchema>;
