/** CDK entry point (cdk.json): `npx cdk synth -c stage=prod -c mailFrom=support@example.com …`. */
import { App } from 'aws-cdk-lib';
import { defineSupportApp } from './supportApp.ts';

defineSupportApp(new App());
