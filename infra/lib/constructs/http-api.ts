import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type FunctionUrl, FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ServiceFunction } from './service-function.js';

/** The Slack routes, answered by the Slack gateway (which verifies every request's signature). */
export const SLACK_ROUTES = [
  { method: HttpMethod.POST, path: '/slack/events' },
  { method: HttpMethod.POST, path: '/slack/interactivity' },
  { method: HttpMethod.GET, path: '/slack/install' },
  { method: HttpMethod.GET, path: '/slack/oauth/callback' },
] as const;

const APP_AUTHENTICATES =
  'The route has no API Gateway authorizer because the function authenticates every request itself: API keys it issued (hashed in the api-keys table) for the request API, and the Slack signing-secret HMAC for Slack routes. Unauthenticated requests get 401 before anything runs.';

export interface HttpEdgeProps {
  api: ServiceFunction;
  apiStream: ServiceFunction;
  /** Absent until services/slack-gateway has a Lambda entry. */
  slackGateway: ServiceFunction | undefined;
  logRetention: RetentionDays;
  removeLogsWithStack: boolean;
}

/**
 * The public edge: one HTTP API (the request API on every path, Slack on its own) and the
 * api-stream function's URL, which streams responses (SSE). API Gateway cannot stream: it
 * buffers a response and gives up after 30 s, so behind it the api function ends each event
 * stream within that time (the client follows again, as EventSource does by itself); a
 * proxy route to the streaming URL would be cut off the same way.
 */
export class HttpEdge extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly streamUrl: FunctionUrl;

  constructor(scope: Construct, id: string, props: HttpEdgeProps) {
    super(scope, id);
    this.streamUrl = props.apiStream.function.addFunctionUrl({
      // The app authenticates every request (API keys); IAM signing would shut out API clients.
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'AgentCore request API and Slack ingress',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Api', props.api.function),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removeLogsWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    if (props.slackGateway) {
      const slack = new HttpLambdaIntegration('Slack', props.slackGateway.function);
      for (const route of SLACK_ROUTES) {
        this.route(`Slack${route.method}${route.path}`, route.method, route.path, slack);
      }
    }
    const defaultRoute = this.httpApi.node.tryFindChild('DefaultRoute');
    if (defaultRoute)
      Validations.of(defaultRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: APP_AUTHENTICATES,
      });
  }

  private route(
    id: string,
    method: HttpMethod,
    path: string,
    integration: HttpLambdaIntegration,
  ): void {
    const route = new HttpRoute(this, id.replace(/[^A-Za-z0-9]/g, ''), {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(path, method),
      integration,
    });
    Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: APP_AUTHENTICATES });
  }
}
