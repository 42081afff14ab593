/** The server-status probe in the CDK stack: its schedule, its timeout, its environment and its grants. */
import { describe, expect, it } from 'vitest';
import { ENV } from '../../shared/environmentNames.ts';
import { manifest } from '../../shared/manifest.ts';
import { asArray, logicalId, statementsOfRole, synthSupportApp, templateResource } from './support.ts';

const { stack, template } = synthSupportApp();
const job = manifest.scheduledJobs.find((entry) => entry.name === 'status-probe')!;
const probe = stack.functions.get('schedule status-probe')!;
const probeId = logicalId(probe.function);
const tableId = logicalId(stack.node.findChild('Table'));

describe('status probe', () => {
  it('is a function with the manifest timeout, run by an EventBridge rule every minute', () => {
    expect(job).toMatchObject({ everyMinutes: 1, timeoutSeconds: 60 });
    expect(templateResource(template, probeId).Properties.Timeout).toBe(60);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      (rule.Properties.Targets as Array<{ Arn: unknown }>).some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify({ 'Fn::GetAtt': [probeId, 'Arn'] }),
      ),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
  });

  it('gets the table and nothing else, and keeps loopback targets forbidden in AWS', () => {
    const environment = templateResource(template, probeId).Properties.Environment.Variables;
    expect(environment[ENV.tableName]).toEqual({ Ref: tableId });
    expect(environment).not.toHaveProperty(ENV.statusAllowLoopback);
    expect(environment).not.toHaveProperty(ENV.attachmentsBucket);
    expect(environment).not.toHaveProperty(ENV.mailFrom);

    const statements = statementsOfRole(template, logicalId(probe.role));
    const actions = statements.flatMap((statement) => asArray(statement.Action));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem']));
    expect(actions.some((action) => action.startsWith('s3:') || action.startsWith('ses:'))).toBe(false);
  });

  it('serves the status page without the JWT authorizer (public) and the staff routes behind it', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const byKey = (key: string) => routes.find((route) => route.Properties.RouteKey === key)!.Properties;
    expect(byKey('GET /v1/status').AuthorizationType).toBe('NONE');
    expect(byKey('GET /v1/status/incidents').AuthorizationType).toBe('NONE');
    expect(byKey('POST /v1/staff/servers').AuthorizationType).toBe('JWT');
    expect(byKey('GET /v1/services').AuthorizationType).toBe('JWT');
  });
});
