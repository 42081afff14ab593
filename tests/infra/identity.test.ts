import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings.ts';
import { ENV } from '../../shared/environmentNames.ts';
import { logicalId, synthSupportApp, templateResource } from './support.ts';

const authorizerOf = (template: ReturnType<typeof synthSupportApp>['template']) =>
  Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties.JwtConfiguration;

describe('without an external issuer: a Cognito user pool', () => {
  const { stack, template } = synthSupportApp();
  const userPoolId = logicalId(stack.identity!.userPool);
  const clientId = logicalId(stack.identity!.client);
  const issuerParts = ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: userPoolId }];
  const issuer = { 'Fn::Join': ['', issuerParts] };

  it('signs users in by e-mail, verifies it, and keeps the old address until a new one is verified', () => {
    const pool = templateResource(template, userPoolId).Properties;
    expect(pool.UsernameAttributes).toEqual(['email']);
    expect(pool.AutoVerifiedAttributes).toEqual(['email']);
    expect(pool.UserAttributeUpdateSettings).toEqual({ AttributesRequireVerificationBeforeUpdate: ['email'] });
    expect(pool.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('has the staff and admin groups the functions authorize against', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'staff']);
  });

  it('has one public app client (no secret) whose id is the JWT audience', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    expect(templateResource(template, clientId).Properties.GenerateSecret).toBe(false);
    expect(authorizerOf(template)).toEqual({ Issuer: issuer, Audience: [{ Ref: clientId }] });
  });

  it('tells public functions the issuer, audience and JWKS URL of the pool', () => {
    const variables = templateResource(template, logicalId(stack.functions.get('GET /v1/health')!.function)).Properties
      .Environment.Variables;
    expect(variables[ENV.jwtIssuer]).toEqual(issuer);
    expect(variables[ENV.jwtAudience]).toEqual({ Ref: clientId });
    expect(variables[ENV.jwksUrl]).toEqual({
      'Fn::Join': ['', [...issuerParts, '/.well-known/jwks.json']],
    });
  });

  it('outputs the user pool and client ids', () => {
    template.hasOutput('UserPoolId', { Value: { Ref: userPoolId } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: clientId } });
  });
});

describe('with an external issuer (context issuer + audience)', () => {
  const { stack, template } = synthSupportApp({
    context: { issuer: 'https://login.example.com/realms/panel', audience: 'support-api' },
  });

  it('creates no Cognito resources and no user pool outputs', () => {
    for (const type of Object.values(template.toJSON().Resources).map((resource: any) => resource.Type as string)) {
      expect(type.startsWith('AWS::Cognito::')).toBe(false);
    }
    expect(stack.identity).toBeUndefined();
    expect(Object.keys(template.findOutputs('*'))).not.toContain('UserPoolId');
  });

  it('points the JWT authorizer at that issuer and audience', () => {
    expect(authorizerOf(template)).toEqual({
      Issuer: 'https://login.example.com/realms/panel',
      Audience: ['support-api'],
    });
  });

  it('tells public functions the issuer, audience and the conventional JWKS URL', () => {
    const variables = templateResource(template, logicalId(stack.functions.get('GET /v1/health')!.function)).Properties
      .Environment.Variables;
    expect(variables).toMatchObject({
      [ENV.jwtIssuer]: 'https://login.example.com/realms/panel',
      [ENV.jwtAudience]: 'support-api',
      [ENV.jwksUrl]: 'https://login.example.com/realms/panel/.well-known/jwks.json',
    });
  });

  it('takes a JWKS URL from context when the provider publishes its keys elsewhere', () => {
    const withJwks = synthSupportApp({
      context: {
        issuer: 'https://login.example.com/realms/panel',
        audience: 'support-api',
        jwksUrl: 'https://login.example.com/realms/panel/protocol/openid-connect/certs',
      },
    });
    const variables = templateResource(
      withJwks.template,
      logicalId(withJwks.stack.functions.get('GET /v1/health')!.function),
    ).Properties.Environment.Variables;
    expect(variables[ENV.jwksUrl]).toBe('https://login.example.com/realms/panel/protocol/openid-connect/certs');
  });
});

describe('context settings', () => {
  const settingsFrom = (context: Record<string, string>) => readSettings(new App({ context }));

  it('defaults to the dev stage, a placeholder sender, the local portal and its origin', () => {
    expect(settingsFrom({})).toEqual({
      stage: 'dev',
      mailFrom: 'support@example.com',
      portalUrl: 'http://localhost:5173',
      allowedOrigins: ['http://localhost:5173'],
    });
  });

  it('names the stack after the stage', () => {
    expect(synthSupportApp({ context: { stage: 'prod' } }).stack.stackName).toBe('support-desk-prod');
  });

  it.each([
    [{ issuer: 'https://login.example.com' }, /issuer and audience go together/],
    [{ audience: 'support-api' }, /issuer and audience go together/],
    [{ issuer: 'http://login.example.com', audience: 'a' }, /must use https:/],
    [{ mailFrom: 'Support <support@example.com>' }, /bare e-mail address/],
    [{ allowedOrigins: '*' }, /not a URL/],
    [{ allowedOrigins: 'https://panel.example.com/app' }, /not an origin/],
    [{ portalUrl: 'ftp://portal.example.com' }, /must use/],
    [{ stage: 'Prod_1' }, /stage/],
  ])('refuses %o', (context, message) => {
    expect(() => settingsFrom(context)).toThrow(message);
  });
});
