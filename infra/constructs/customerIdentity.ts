/**
 * The JWT issuer when no external one is configured: a Cognito user pool where customers sign up
 * with their e-mail address, and where an administrator puts the support team into the `staff`
 * and `admin` groups (the `cognito:groups` claim the functions check).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { RouteAuth } from '../../shared/manifest.ts';
import type { ExternalIssuer } from '../settings.ts';

const teamGroups: { name: Extract<RouteAuth, 'staff' | 'admin'>; precedence: number; description: string }[] = [
  { name: 'admin', precedence: 0, description: 'Support administrators: departments, staff settings, everything staff can do' },
  { name: 'staff', precedence: 1, description: 'Support team: answers, transfers and closes tickets, publishes content' },
];

export class CustomerIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The same shape an external issuer has, so the rest of the stack does not care which it is. */
  readonly jwt: ExternalIssuer;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Customers create their own accounts: an account only shows the customer their own tickets
      // (guests can already open tickets), and staff/admin come only from groups an admin assigns.
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // An e-mail change takes effect only once the new address is verified, so the email claim
      // of a token is always an address its holder controls.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool.node.defaultChild as cognito.CfnUserPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is offered (TOTP) but not required: the pool is shared by customers, for whom a mandatory second ' +
          'factor would stand between them and the support channel. Staff and admins should enrol TOTP; a ' +
          'deployment that must enforce it for the team uses an external issuer with that policy.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is billed per monthly active user and is an operator decision; ' +
          'Essentials keeps Cognito sign-in throttling and lockout, the API stage is rate limited, and passwords ' +
          'need 12 characters of four classes.',
      },
    );

    for (const group of teamGroups) {
      this.userPool.addGroup(`${group.name}Group`, {
        groupName: group.name,
        precedence: group.precedence,
        description: group.description,
      });
    }

    // A public (browser) client: no secret, SRP sign-in, no hosted-UI OAuth flows to misconfigure.
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    const stack = Stack.of(this);
    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.jwt = {
      issuer,
      audience: this.client.userPoolClientId,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
    };
  }
}
