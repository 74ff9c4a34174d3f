// Lambda entry: built once per cold start from the function's environment.
import { composeFromEnvironment } from '@agentcore/adapters';
import { createHandler } from './handler.js';

export const handler = createHandler(composeFromEnvironment(process.env).execute);
