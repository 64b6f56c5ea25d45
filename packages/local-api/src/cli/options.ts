import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CorsConfigurationError, corsPolicy } from '@app/adapters-lambda';
import { ALLOWED_HOST_PATTERN } from '../gateway/request-gate.js';
import { DEFAULT_HOST, DEFAULT_PORT, type LocalServerOptions } from '../gateway/server.js';
import { DEFAULT_KEY_FILE } from '../identity/identity.js';
import type { StorageKind } from '../portal/control-routes.js';
import { DEFAULT_TABLE_NAMES } from '../storage/local-storage.js';
import { closestOption } from './closest-option.js';

export const USAGE = `Usage: npm start -- [options]     (or: pnpm --filter @app/local-api start -- [options])

Serves the users and orders APIs on one port, behind an API Gateway emulator with both
authorizers, a local identity provider and local-only control routes.

Options (each also read from the environment variable in brackets; a flag wins):
  --port <n>                  Port to listen on, 0 for any free port [PORT] (default ${DEFAULT_PORT})
  --host <address>            Address to bind [HOST] (default ${DEFAULT_HOST})
  --allowed-host <name>       Also answer requests for this host name (repeatable; NAME for any port,
                              NAME:PORT for one), e.g. a container's or a tunnel's name; requests for
                              any other Host than 127.0.0.1, localhost and [::1] are refused (403)
                              [ALLOWED_HOSTS, comma-separated]
  --storage memory|dynamodb   Where data lives [STORAGE] (default memory; dynamodb when an endpoint is given)
  --dynamodb-endpoint <url>   DynamoDB-compatible endpoint, e.g. http://127.0.0.1:8000 [DYNAMODB_ENDPOINT];
                              missing tables are created
  --aws                       With --storage dynamodb: the real DynamoDB tables of your AWS account
                              (default credential chain; the tables must exist; names from the
                              flags below, else from the stacks' outputs). Never the default.
  --region <region>           The AWS region [AWS_REGION]
  --users-table <name>        [USERS_TABLE] (default ${DEFAULT_TABLE_NAMES.users})
  --orders-table <name>       [ORDERS_TABLE] (default ${DEFAULT_TABLE_NAMES.orders})
  --idempotency-table <name>  [IDEMPOTENCY_TABLE] (default ${DEFAULT_TABLE_NAMES.idempotency})
  --key-file <path>           PEM file with the local token-signing key, created when missing, so
                              tokens stay valid across restarts; 'npm run token' signs with the same
                              file [LOCAL_KEY_FILE] (default .local/signing-key.pem at the repository root)
  --cors-origin <origin>      An origin whose pages may call the APIs, e.g. http://127.0.0.1:5173;
                              repeat it for several [CORS_ALLOWED_ORIGINS, comma-separated]
                              (default *: any origin; /local/* never answers CORS)
  --seed                      Load demo data (users alice, bob, carol; orders in every state) and
                              print who is who, with a token each [SEED=1]
  --verbose                   Also print the handlers' Powertools JSON logs, at POWERTOOLS_LOG_LEVEL
                              (default INFO) [VERBOSE=1]; without it only warnings and errors
  --metrics                   Also print the Powertools EMF metrics (one JSON line per request that
                              records any) [METRICS=1]
  --inspect[=[host:]port]     Open the Node.js inspector on the server (default 127.0.0.1:9229)
  -h, --help                  Show this help

Other environment: CURSOR_SIGNING_KEY (pagination cursor key, default random per run),
ADMIN_GROUP_NAME (default apiAdmins).
`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'start'; options: LocalServerOptions & { keyFile: string }; flags: StartFlags }
  | { kind: 'error'; message: string };

/** What the command line adds to the server: demo data, and how much of the handlers' output to show. */
export interface StartFlags {
  seed: boolean;
  verbose: boolean;
  metrics: boolean;
  /** `--inspect`: where the Node.js inspector listens. */
  inspect?: { host: string; port: number };
}

/** Node's own default for `--inspect`. */
export const DEFAULT_INSPECTOR_PORT = 9229;

type Env = Readonly<Record<string, string | undefined>>;

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** Turns command-line arguments and environment into server options, or a message for people. */
export function parseCommandLine(argv: readonly string[], env: Env = process.env): CliCommand {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    // `--inspect` alone, as Node takes it: parseArgs wants a value for a string option.
    ({ values } = parseFlags(
      argv.map((arg) => (arg === '--inspect' ? `--inspect=${DEFAULT_INSPECTOR_PORT}` : arg)),
    ));
  } catch (error) {
    return { kind: 'error', message: withSuggestion(error as Error & { code?: string }) };
  }
  if (values.help === true) return { kind: 'help' };

  const pick = (flag: string | undefined, name: string) => {
    const value = flag ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const errors: string[] = [];

  const portText = pick(values.port, 'PORT') ?? String(DEFAULT_PORT);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    errors.push(`--port/PORT must be a port number 0-65535 (got '${portText}')`);

  const host = pick(values.host, 'HOST') ?? DEFAULT_HOST;

  const allowedHosts = (values['allowed-host'] ?? env.ALLOWED_HOSTS?.split(',') ?? [])
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of allowedHosts) {
    if (!ALLOWED_HOST_PATTERN.test(name)) {
      errors.push(`--allowed-host/ALLOWED_HOSTS takes a host name, optionally with :port (got '${name}')`);
    }
  }

  const endpoint = pick(values['dynamodb-endpoint'], 'DYNAMODB_ENDPOINT');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    errors.push(`--dynamodb-endpoint/DYNAMODB_ENDPOINT must be an http(s) URL (got '${endpoint}')`);
  }
  const storageText = pick(values.storage, 'STORAGE') ?? (endpoint === undefined ? 'memory' : 'dynamodb');
  let storage: StorageKind = 'memory';
  if (storageText === 'memory' || storageText === 'dynamodb') storage = storageText;
  else errors.push(`--storage/STORAGE must be memory or dynamodb (got '${storageText}')`);
  const aws = values.aws === true;
  if (aws && storage !== 'dynamodb') errors.push('--aws is only used with --storage dynamodb');
  if (aws && endpoint !== undefined) errors.push('--aws and --dynamodb-endpoint exclude each other');
  if (storage === 'dynamodb' && endpoint === undefined && !aws) {
    errors.push(
      '--storage dynamodb needs --dynamodb-endpoint (or DYNAMODB_ENDPOINT), e.g. http://127.0.0.1:8000, or --aws for the real tables of your AWS account',
    );
  }
  if (
    storage === 'memory' &&
    storageText === 'memory' &&
    endpoint !== undefined &&
    values.storage !== undefined
  ) {
    errors.push('--dynamodb-endpoint is only used with --storage dynamodb');
  }

  // On AWS, a table not named here is found in the stacks' outputs, never given a local default.
  const givenTables = {
    users: pick(values['users-table'], 'USERS_TABLE'),
    orders: pick(values['orders-table'], 'ORDERS_TABLE'),
    idempotency: pick(values['idempotency-table'], 'IDEMPOTENCY_TABLE'),
  };
  const tables: Partial<Record<keyof typeof givenTables, string>> = {};
  for (const kind of ['users', 'orders', 'idempotency'] as const) {
    const name = givenTables[kind] ?? (aws ? undefined : DEFAULT_TABLE_NAMES[kind]);
    if (name === undefined) continue;
    if (!TABLE_NAME.test(name)) errors.push(`the ${kind} table name '${name}' is not a DynamoDB table name`);
    tables[kind] = name;
  }
  const inspect = values.inspect === undefined ? undefined : inspectorAddress(values.inspect);
  if (inspect === 'invalid') errors.push(`--inspect takes [host:]port (got '${values.inspect}')`);

  const cursorSigningKey = pick(undefined, 'CURSOR_SIGNING_KEY');
  if (cursorSigningKey !== undefined && Buffer.byteLength(cursorSigningKey) < 16) {
    errors.push('CURSOR_SIGNING_KEY must be at least 16 bytes');
  }
  // Relative to where `npm start` was called (INIT_CWD), not this package's folder.
  const keyFile = resolve(env.INIT_CWD ?? '', pick(values['key-file'], 'LOCAL_KEY_FILE') ?? DEFAULT_KEY_FILE);
  const corsOrigins =
    values['cors-origin'] ?? (pick(undefined, 'CORS_ALLOWED_ORIGINS')?.split(',') as string[] | undefined);
  if (corsOrigins !== undefined) {
    try {
      corsPolicy(corsOrigins);
    } catch (error) {
      if (!(error instanceof CorsConfigurationError)) throw error;
      errors.push(`--cors-origin/CORS_ALLOWED_ORIGINS: ${error.message}`);
    }
  }
  const adminGroup = pick(undefined, 'ADMIN_GROUP_NAME');
  const region = pick(values.region, 'AWS_REGION');
  if (aws && region === undefined)
    errors.push('--aws needs --region (or AWS_REGION): the region of the tables');

  if (errors.length > 0) return { kind: 'error', message: errors.join('\n') };
  const flag = (value: boolean | undefined, name: string) =>
    value === true || ['1', 'true'].includes(env[name] ?? '');
  return {
    kind: 'start',
    flags: {
      seed: flag(values.seed, 'SEED'),
      verbose: flag(values.verbose, 'VERBOSE'),
      metrics: flag(values.metrics, 'METRICS'),
      ...(inspect === undefined || inspect === 'invalid' ? {} : { inspect }),
    },
    options: {
      port,
      host,
      ...(allowedHosts.length === 0 ? {} : { allowedHosts }),
      storage,
      ...(storage === 'dynamodb'
        ? {
            dynamodb: {
              ...(aws ? { aws } : { endpoint: endpoint as string }),
              tables,
              ...(region === undefined ? {} : { region }),
            },
          }
        : {}),
      keyFile,
      ...(cursorSigningKey === undefined ? {} : { cursorSigningKey }),
      ...(adminGroup === undefined ? {} : { adminGroup }),
      ...(corsOrigins === undefined ? {} : { corsOrigins }),
    },
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      storage: { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      'users-table': { type: 'string' },
      'orders-table': { type: 'string' },
      'idempotency-table': { type: 'string' },
      'key-file': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      seed: { type: 'boolean' },
      verbose: { type: 'boolean' },
      metrics: { type: 'boolean' },
      aws: { type: 'boolean' },
      region: { type: 'string' },
      inspect: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `9229`, `0.0.0.0:9229` or `[::1]:9229`, as Node's `--inspect` takes it. */
function inspectorAddress(value: string): { host: string; port: number } | 'invalid' {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) return 'invalid';
  return { host: match[1]?.replace(/^\[|\]$/g, '') ?? DEFAULT_HOST, port };
}

/** parseArgs' message, with the option meant when an unknown one is a typo of it. */
function withSuggestion(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '(--?[^']+)'/.exec(error.message)?.[1];
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === undefined) return error.message;
  // The options the help lists: the names people read, and one list to keep.
  const known = [...new Set(USAGE.match(/(?<=\s)--[a-z][a-z-]*/g) ?? [])].map((option) => option.slice(2));
  const suggestion = closestOption(unknown, known);
  return suggestion === undefined
    ? `Unknown option '${unknown}'.`
    : `Unknown option '${unknown}'. Did you mean --${suggestion}?`;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
