import { AsyncLocalStorage } from 'node:async_hooks';
import type { FunctionName, Handlers } from '@app/adapters-lambda';
import {
  functionIdentity,
  LOCAL_FUNCTION_MEMORY_MB,
  LOCAL_FUNCTION_VERSION,
  logStreamNameOf,
} from './event-builder.js';

/**
 * The variables the Lambda runtime sets in a function's environment. Powertools reads them when
 * a logger or metrics is built: `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand` is what makes its
 * first invocation report `cold_start: true` and the `ColdStart` metric.
 */
export function functionEnvironment(functionName: FunctionName, now = Date.now()): Record<string, string> {
  const { name, logGroupName } = functionIdentity(functionName);
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(LOCAL_FUNCTION_MEMORY_MB),
    AWS_LAMBDA_FUNCTION_VERSION: LOCAL_FUNCTION_VERSION,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamNameOf(now),
  };
}

/**
 * Every emulated function runs in this one process, so its variables cannot simply be written
 * to `process.env`: two concurrent invocations of different functions would see each other's.
 * Instead `process.env` becomes a view that shows, inside a function's initialisation or
 * invocation, that function's variables over the process's own (an AsyncLocalStorage store
 * follows each invocation through its awaits), and outside of one the process's own alone.
 * Writes go to the process's environment, as before.
 */
const VIEW = Symbol.for('@app/local-api/function-environment');
interface View {
  current: AsyncLocalStorage<Readonly<Record<string, string>>>;
  installed: boolean;
}
// One store and one view per process, even when `npm run dev` loads this module again.
const shared = globalThis as { [VIEW]?: View };
shared[VIEW] ??= { current: new AsyncLocalStorage(), installed: false };
const view: View = shared[VIEW];
const { current } = view;

function installEnvironmentView(): void {
  if (view.installed) return;
  view.installed = true;
  const own = process.env;
  const overrideOf = (key: string | symbol) => {
    const overrides = current.getStore();
    return overrides !== undefined && typeof key === 'string' && Object.hasOwn(overrides, key)
      ? overrides[key]
      : undefined;
  };
  process.env = new Proxy(own, {
    get: (target, key) => overrideOf(key) ?? Reflect.get(target, key),
    has: (target, key) => overrideOf(key) !== undefined || Reflect.has(target, key),
    set: (target, key, value) => Reflect.set(target, key, value),
  });
}

const environments = new Map<FunctionName, Readonly<Record<string, string>>>();

/** Runs `run` (a function's initialisation, or one invocation) inside that function's environment. */
export function inFunctionEnvironment<T>(functionName: FunctionName, run: () => T): T {
  installEnvironmentView();
  let environment = environments.get(functionName);
  if (environment === undefined) {
    environment = Object.freeze(functionEnvironment(functionName));
    environments.set(functionName, environment);
  }
  return current.run(environment, run);
}

/** The handlers, each invoked inside its own function's environment. */
export function inFunctionEnvironments(handlers: Handlers): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const name of Object.keys(handlers) as FunctionName[]) {
    const handler = handlers[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => inFunctionEnvironment(name, () => handler(...args));
  }
  return wrapped as Handlers;
}
