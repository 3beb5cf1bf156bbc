// A scripted FnfClient: each action answers from a handler the test gives;
// every call is recorded so tests can check exactly what would be sent.
import { expect } from 'vitest';
import type { Action, ActionMap, FnfClient } from '../../src/api/types.js';

export type Handlers = { [A in Action]?: (req: ActionMap[A]['req']) => ActionMap[A]['res'] | Promise<ActionMap[A]['res']> };

export interface FakeClient extends FnfClient {
  calls: Array<{ action: Action; params: Record<string, unknown> }>;
}

export function fakeClient(handlers: Handlers): FakeClient {
  const calls: FakeClient['calls'] = [];
  return {
    calls,
    region: 'cn-hangzhou',
    endpoint: 'http://127.0.0.1:1',
    get requestCount() {
      return calls.length;
    },
    async call(action, params) {
      calls.push({ action, params: { ...params } });
      const handler = handlers[action] as ((req: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`fake client: unexpected ${action}`);
      return handler(params) as never;
    },
  };
}

export const T0 = '2026-01-02T03:04:05.000Z';

export function execution(over: Partial<ActionMap['DescribeExecution']['res']> = {}): ActionMap['DescribeExecution']['res'] {
  return { RequestId: 'req-1', Name: 'e1', FlowName: 'f', Status: 'Running', StartedTime: T0, Input: '{}', ...over };
}

/** Matches a thrown UsageError (exit 2) with exactly this message. */
export function usageError(message: string): unknown {
  return expect.objectContaining({ name: 'UsageError', message, exitCode: 2 });
}
