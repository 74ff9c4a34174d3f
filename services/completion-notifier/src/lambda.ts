// Lambda entry: composed once per cold start from the function's environment.
import { compose } from './compose.js';
import { createHandler } from './handler.js';

export const handler = createHandler(compose(process.env));
