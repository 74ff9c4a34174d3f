# One Lambda container image holding every function; CMD picks the handler
# (<service>/index.<export>), e.g.:
#   docker build -t agentcore .
#   docker run --rm -p 127.0.0.1:9000:8080 --env-file .env.lambda agentcore direct-invoke/index.handler
#   curl -s http://127.0.0.1:9000/2015-03-31/functions/function/invocations \
#     -d '{"action_text":"reset 2FA for alice@example.com","user_id":"U_ALICE"}'
# The AWS base image carries the Lambda Runtime Interface Emulator, so `docker run` answers the
# Invoke API locally. Handlers: api/index.handler, api/index.streamingHandler,
# workflow-steps/index.handler, execute/index.handler, completion-notifier/index.handler,
# decision-sweeper/index.handler, direct-invoke/index.handler, slack-gateway/index.handler.

# Build: install from the lockfile and bundle each service exactly as `npm run bundle` and
# `cdk deploy` do (esbuild, ESM, minified; per function one folder: index.mjs, the chunks it loads
# on demand, and the Cedar wasm where it judges policy).
FROM public.ecr.aws/lambda/nodejs:24 AS build
WORKDIR /build
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile \
 && node scripts/lambda-bundles.mjs /build/lambda

# Run: the bundles alone, no node_modules. The AWS SDK is not in them: the base image ships it in
# /var/runtime/node_modules, as the nodejs24.x runtime a zip deployment runs on does, so both
# deployments run the same SDK.
FROM public.ecr.aws/lambda/nodejs:24
ENV NODE_OPTIONS=--enable-source-maps
COPY --from=build /build/lambda/ ${LAMBDA_TASK_ROOT}/
CMD ["api/index.handler"]
