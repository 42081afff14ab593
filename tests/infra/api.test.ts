import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../shared/environmentNames.ts';
import { manifest, routeKey } from '../../shared/manifest.ts';
import type { ResourceAccess, RouteAuth } from '../../shared/manifest.ts';
import { logicalId, manifestWithConsumers, synthSupportApp, templateResource } from './support.ts';

const { stack, template } = synthSupportApp({
  context: { allowedOrigins: 'https://support.example.com,https://panel.example.com' },
  manifest: manifestWithConsumers,
});

const tokenRequiredAtGateway: RouteAuth[] = ['customer', 'staff', 'admin'];

const routeResources = () =>
  Object.entries(template.findResources('AWS::ApiGatewayV2::Route')) as [string, { Properties: any }][];

describe('HTTP API routes', () => {
  it.each(manifestWithConsumers.routes.map((route) => [routeKey(route), route] as const))(
    '%s has its own function behind a payload-2.0 route, with a JWT authorizer exactly when its auth needs a token',
    (key, route) => {
      const matches = routeResources().filter(([, resource]) => resource.Properties.RouteKey === key);
      expect(matches).toHaveLength(1);
      const [, apiRoute] = matches[0]!;

      const expectedAuthorization = tokenRequiredAtGateway.includes(route.auth) ? 'JWT' : 'NONE';
      expect(apiRoute.Properties.AuthorizationType).toBe(expectedAuthorization);
      expect(apiRoute.Properties.AuthorizerId !== undefined).toBe(expectedAuthorization === 'JWT');

      // Route → integration → function: the route invokes the function built for this manifest entry.
      const integrationId = apiRoute.Properties.Target['Fn::Join'][1][1].Ref as string;
      const integration = templateResource(template, integrationId);
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
      const backendFunction = stack.functions.get(key);
      expect(backendFunction).toBeDefined();
      expect(integration.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [logicalId(backendFunction!.function), 'Arn'],
      });
    },
  );

  it('has no route that is not in the manifest', () => {
    const deployed = routeResources().map(([, resource]) => resource.Properties.RouteKey).sort();
    expect(deployed).toEqual(manifestWithConsumers.routes.map(routeKey).sort());
  });

  it('authorizes tokens of the configured issuer, read from the Authorization header', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('answers CORS preflights for the configured origins, the methods in use and the headers the API reads', () => {
    const cors = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual(['https://support.example.com', 'https://panel.example.com']);
    expect([...cors.AllowMethods].sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
    expect(cors.AllowHeaders).toEqual(
      expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Ticket-Key']),
    );
    expect(cors.AllowCredentials).toBe(false);
  });

  it('serves everything from one auto-deployed default stage, throttled and access-logged to a retained log group', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties;
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(templateResource(template, logGroupId).Properties.RetentionInDays).toBeGreaterThan(0);
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});

describe('backend functions', () => {
  const functionEntries = [...stack.functions.entries()];

  it('exist once per route and per consumer', () => {
    const expected = [
      ...manifestWithConsumers.routes.map(routeKey),
      ...manifestWithConsumers.streamConsumers.map((consumer) => `stream ${consumer.name}`),
      ...manifestWithConsumers.bucketEventConsumers.map((consumer) => `bucket ${consumer.name}`),
      ...manifestWithConsumers.scheduledJobs.map((job) => `schedule ${job.name}`),
    ];
    expect([...stack.functions.keys()].sort()).toEqual(expected.sort());
  });

  it.each(functionEntries)('%s runs nodejs24.x on arm64 with source maps and logs to its own retained log group', (_key, backendFunction) => {
    const properties = templateResource(template, logicalId(backendFunction.function)).Properties;
    expect(properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
    expect(properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    const logGroupId = properties.LoggingConfig.LogGroup.Ref as string;
    expect(logGroupId).toBe(logicalId(backendFunction.logGroup));
    expect(templateResource(template, logGroupId).Properties.RetentionInDays).toBe(30);
  });

  it('each have a log group of their own', () => {
    const logGroups = functionEntries.map(([, backendFunction]) => logicalId(backendFunction.logGroup));
    expect(new Set(logGroups).size).toBe(functionEntries.length);
  });

  const entries: [string, ResourceAccess, RouteAuth | undefined][] = [
    ...manifestWithConsumers.routes.map((route) => [routeKey(route), route.access, route.auth] as [string, ResourceAccess, RouteAuth]),
    ...manifestWithConsumers.streamConsumers.map((c) => [`stream ${c.name}`, c.access, undefined] as [string, ResourceAccess, undefined]),
    ...manifestWithConsumers.bucketEventConsumers.map((c) => [`bucket ${c.name}`, c.access, undefined] as [string, ResourceAccess, undefined]),
    ...manifestWithConsumers.scheduledJobs.map((j) => [`schedule ${j.name}`, j.access, undefined] as [string, ResourceAccess, undefined]),
  ];

  it.each(entries)('%s gets environment variables for exactly the resources it declares', (key, access, auth) => {
    const backendFunction = stack.functions.get(key)!;
    const variables = templateResource(template, logicalId(backendFunction.function)).Properties.Environment
      .Variables as Record<string, unknown>;

    const expected = new Set<string>(['NODE_OPTIONS', ENV.portalUrl]);
    if (access.table) expected.add(ENV.tableName);
    if (access.buckets?.attachments) expected.add(ENV.attachmentsBucket);
    if (access.buckets?.downloads) expected.add(ENV.downloadsBucket);
    if (access.sendEmail) expected.add(ENV.mailFrom);
    if (auth === 'public' || auth === 'customer-or-guest') {
      expected.add(ENV.jwtIssuer).add(ENV.jwtAudience).add(ENV.jwksUrl);
    }
    expect(Object.keys(variables).sort()).toEqual([...expected].sort());

    if (access.table) expect(variables[ENV.tableName]).toEqual({ Ref: logicalId(stack.node.findChild('Table')) });
    if (access.sendEmail) expect(variables[ENV.mailFrom]).toBe('support@example.com');
    expect(variables[ENV.portalUrl]).toBe('http://localhost:5173');
  });

  it('the real manifest deploys one function per route and consumer, and one API route per route', () => {
    const real = synthSupportApp();
    const consumers = manifest.streamConsumers.length + manifest.bucketEventConsumers.length + manifest.scheduledJobs.length;
    expect(real.stack.functions.size).toBe(manifest.routes.length + consumers);
    real.template.resourceCountIs('AWS::ApiGatewayV2::Route', manifest.routes.length);
  });
});
