/**
 * Loads handler modules the way Lambda does (the module is imported once and kept warm) and calls
 * them with a Lambda context and the function's timeout.
 */
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const repositoryRoot = resolve(import.meta.dirname, '../..');
const loaded = new Map<string, Promise<Handler>>();

export function loadHandler(entry: string): Promise<Handler> {
  let handler = loaded.get(entry);
  if (!handler) {
    handler = import(pathToFileURL(resolve(repositoryRoot, entry)).href).then((module: { handler?: Handler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
      return module.handler;
    });
    loaded.set(entry, handler);
  }
  return handler;
}

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

export function functionNameOf(entry: string) {
  return entry.replace(/^functions\//, '').replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-');
}

/** Invokes a handler; rejects with FunctionTimeoutError when it runs past `timeoutSeconds`. */
export async function invoke(entry: string, event: unknown, timeoutSeconds: number, requestId = randomUUID()) {
  const handler = await loadHandler(entry);
  const deadline = Date.now() + timeoutSeconds * 1000;
  const functionName = functionNameOf(entry);
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FunctionTimeoutError(`${functionName} timed out after ${timeoutSeconds} s`)),
      timeoutSeconds * 1000,
    );
  });
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
