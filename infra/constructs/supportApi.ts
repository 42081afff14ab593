/**
 * The HTTP API: one route per manifest route, each integrated with its own function (payload
 * format 2.0, the event shape the local cloud reproduces). Routes for signed-in users go through
 * the JWT authorizer; `public` and `customer-or-guest` routes reach the function, which verifies
 * an optional bearer token itself.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeKey } from '../../shared/manifest.ts';
import type { HttpMethod, HttpRoute, RouteAuth } from '../../shared/manifest.ts';
import { apiCors } from '../../shared/data/bucketDefinitions.ts';

/**
 * What API Gateway does before the function runs, for each auth level. `customer`, `staff` and
 * `admin` need a valid token (group membership is checked by the function, from the token's
 * groups claim); the others reach the function, and why that is right is stated for cdk-nag.
 */
const gatewayCheck: Record<RouteAuth, { jwt: true } | { jwt: false; whyOpen: string }> = {
  customer: { jwt: true },
  staff: { jwt: true },
  admin: { jwt: true },
  public: {
    jwt: false,
    whyOpen: "'public' by design: anyone may call it; the function verifies a bearer token itself when one is sent.",
  },
  'customer-or-guest': {
    jwt: false,
    whyOpen:
      "'customer-or-guest' by design: guests prove access with a ticket key, which API Gateway cannot check; " +
      'the function verifies the key or the bearer token itself and refuses the call without either.',
  },
};

/** False when the function itself must verify an (optional) bearer token, and so needs the issuer. */
export const gatewayVerifiesToken = (auth: RouteAuth): boolean => gatewayCheck[auth].jwt;


export interface SupportApiProps {
  jwt: { issuer: string; audience: string };
  allowedOrigins: string[];
  /** Methods the routes use, for the CORS preflight answer. */
  methods: HttpMethod[];
}

export class SupportApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  private readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: SupportApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Technical support API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [...new Set(props.methods)].map((method) => apigw.CorsHttpMethod[method]),
        allowHeaders: apiCors.allowedHeaders,
        // Bearer tokens travel in a header, never in cookies, so credentials mode stays off.
        allowCredentials: false,
        maxAge: Duration.seconds(apiCors.maxAgeSeconds),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // Account-wide Lambda concurrency is the real limit; this keeps one noisy client from using it all.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            userAgent: '$context.identity.userAgent',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwt.issuer, { jwtAudience: [props.jwt.audience] });
  }

  addRoute(route: HttpRoute, handler: IFunction): void {
    const check = gatewayCheck[route.auth];
    const apiRoute = new apigw.HttpRoute(this.httpApi, `${route.method}${route.path}`, {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
      integration: new HttpLambdaIntegration('Integration', handler, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
      ...(check.jwt ? { authorizer: this.authorizer } : {}),
    });
    if (!check.jwt) {
      Validations.of(apiRoute.node.defaultChild as apigw.CfnRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${routeKey(route)} is ${check.whyOpen}`,
      });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
