import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';
import { synthSupportApp } from './support.ts';

// CloudFormation refuses a stack of more than 500 resources.
const RESOURCE_LIMIT = 500;

describe('stack size', () => {
  const { stack } = synthSupportApp();
  const nested = stack.node.findAll().filter((node): node is NestedStack => node instanceof NestedStack);
  const resourceCount = (s: Stack) => Object.keys(Template.fromStack(s).toJSON().Resources).length;

  it('puts every function in a nested stack, one per feature plus one for event consumers and jobs', () => {
    for (const [key, backendFunction] of stack.functions) {
      expect(Stack.of(backendFunction.function) instanceof NestedStack, key).toBe(true);
    }
    expect(nested).toHaveLength(new Set(manifest.routes.map((route) => route.tag)).size + 1);
  });

  it('keeps every stack well below the 500-resource limit', () => {
    for (const s of [stack, ...nested]) expect(resourceCount(s), s.node.path).toBeLessThan(RESOURCE_LIMIT * 0.8);
  });
});
