// `cdk synth` / `cdk deploy` run this (cdk.json): bundle the Lambda entries, then build the app.
import { fileURLToPath } from 'node:url';
import { buildApp } from '../lib/app.js';
import { bundleServices } from '../lib/bundles.js';

const bundlesDir = fileURLToPath(new URL('../cdk.out.bundles', import.meta.url));
const bundled = await bundleServices(bundlesDir);
buildApp({ bundlesDir, bundled }).synth();
