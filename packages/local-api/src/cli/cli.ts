import { writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { type MetricsFactory, SERVICE_NAMES } from '@app/adapters-lambda';
import { DEFAULT_ADMIN_GROUP } from '@app/core';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  type LocalServer,
  type LocalServerOptions,
  type RequestLogEntry,
  startLocalServer,
} from '../gateway/server.js';
import { formatDeliveredMessage } from '../portal/aws-services.js';
import { formatDemoData, formatDemoTokens, seedDemoData } from '../portal/demo-data.js';
import { parseCommandLine, type StartFlags, USAGE } from './options.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves with the reason to stop (a signal name); `main.ts` wires SIGINT and SIGTERM. */
  stopRequested: (server: LocalServer) => Promise<string>;
  /** A restart by `npm run dev`, which says what reloaded itself: no banner. */
  restarted?: boolean;
}

/** The reason `npm run dev` stops a server to start the rebuilt code: it says so itself. */
export const RELOAD = 'reload';

/**
 * The local API's command line (`npm start -- [options]`): 0 after a clean stop or `--help`,
 * 1 when the server cannot start (e.g. the port is taken), 2 for bad options.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCommandLine(argv[0] === '--' ? argv.slice(1) : argv, io.env);
  if (command.kind === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (command.kind === 'error') {
    io.stderr(`${command.message}\n\nRun with --help to see the options.\n`);
    return 2;
  }

  const adminGroup = command.options.adminGroup ?? DEFAULT_ADMIN_GROUP;
  let server: LocalServer;
  try {
    server = await startLocalServer({
      ...command.options,
      ...handlerOutput(command.flags),
      onRequest: (entry) => io.stdout(formatRequestLine(entry)),
      onCognitoMessage: (message) => io.stdout(`${formatDeliveredMessage(message)}\n`),
    });
  } catch (error) {
    io.stderr(`Cannot start the local API: ${describe(error)}\n`);
    return 1;
  }
  if (command.options.dynamodb?.aws === true && io.restarted !== true) {
    io.stderr(
      `WARNING --aws: this server reads and writes the DynamoDB tables ${tableList(server)} in ${command.options.dynamodb.region} of your AWS account.\n`,
    );
  }
  if (io.restarted !== true) {
    io.stdout(command.flags.verbose ? fullBanner(server, adminGroup) : banner(server, adminGroup));
  }
  if (command.flags.seed) {
    try {
      const people = await seedDemoData({ ...server, adminGroup });
      const tokensFile = join(dirname(command.options.keyFile), DEMO_TOKENS_FILE);
      writeFileSync(tokensFile, formatDemoTokens(people), { mode: 0o600 });
      if (io.restarted !== true) {
        const shownFile = command.flags.verbose ? undefined : relativeToCwd(tokensFile, io.env);
        io.stdout(`\n${formatDemoData(people, shownFile)}`);
      }
    } catch (error) {
      io.stderr(`Could not load the demo data: ${describe(error)}\n`);
      await server.close();
      return 1;
    }
  }
  if (io.restarted !== true) io.stdout('\nPress Ctrl+C to stop.\n\n');

  const reason = await io.stopRequested(server);
  if (reason !== RELOAD) io.stdout(`\n${reason}: stopping (in-flight requests may finish)…\n`);
  try {
    await server.close();
  } catch (error) {
    io.stderr(`Stopped with an error: ${describe(error)}\n`);
    return 1;
  }
  if (reason !== RELOAD) io.stdout('Stopped.\n');
  return 0;
}

/**
 * The handlers' metrics without `--metrics`: nothing is published, so nothing is recorded either
 * (Powertools would validate and store each metric only to clear it, on every request).
 */
const UNPUBLISHED_METRICS: ReturnType<MetricsFactory> = {
  addMetric() {},
  captureColdStartMetric() {},
  hasStoredMetrics: () => false,
  publishStoredMetrics() {},
};

/**
 * How much of the handlers' own output reaches the terminal: their Powertools JSON logs at
 * POWERTOOLS_LOG_LEVEL with `--verbose`, else warnings and errors only; EMF metrics only with
 * `--metrics` (`main.ts` enables Powertools metrics for it before the handlers load).
 */
function handlerOutput({
  verbose,
  metrics,
}: StartFlags): Pick<LocalServerOptions, 'createLogger' | 'createMetrics'> {
  return {
    ...(verbose
      ? {}
      : { createLogger: (api) => new Logger({ serviceName: SERVICE_NAMES[api], logLevel: 'WARN' }) }),
    ...(metrics
      ? {}
      : {
          createMetrics: () => UNPUBLISHED_METRICS,
        }),
  };
}

/** One line per request: time, method, path, status, duration, request id. */
export function formatRequestLine({ method, path, status, durationMs, requestId }: RequestLogEntry): string {
  const time = new Date().toISOString().slice(11, 23);
  return `${time} ${method.padEnd(6)} ${path} → ${status} ${durationMs.toFixed(1)} ms  ${requestId}\n`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where `--seed` writes its people's tokens, beside the signing key (gitignored `.local/`). */
export const DEMO_TOKENS_FILE = 'demo-tokens.env';

const tableList = ({ tables }: LocalServer) =>
  tables === undefined ? '' : `${tables.users}, ${tables.orders}, ${tables.idempotency}`;

const storageLine = (server: LocalServer) =>
  server.storage === 'dynamodb'
    ? `dynamodb (tables ${tableList(server)}; data survives restarts)`
    : 'memory (data is lost when the server stops)';

/** A path as the person typing sees it: relative to where they ran npm, when under it. */
function relativeToCwd(path: string, env: CliIo['env']): string {
  const from = env.INIT_CWD ?? process.cwd();
  const relativePath = relative(from, path);
  return relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath;
}

/** What to open, where data lives, how to get a token: a screen's worth (`--verbose`: everything). */
function banner(server: LocalServer, adminGroup: string): string {
  const { url } = server;
  return `
Local API listening on ${url}
  users:    ${url}/users    (Lambda TOKEN authorizer; admins are in the '${adminGroup}' group)
  orders:   ${url}/orders   (Cognito user pool authorizer)
  docs:     ${url}/docs     (Swagger UI; the OpenAPI document: ${url}/openapi.json)
  storage:  ${storageLine(server)}
  tokens:   npm run -s token -- --email you@example.com [--admin]   (valid one hour)
  aws:      aws --endpoint-url ${url} --region us-east-1 cognito-idp …   (sign-up codes appear here)
  more:     --verbose prints ready-to-paste commands and the handlers' logs; README.md "Walkthrough"
`;
}

/** The URL and commands to paste: fresh tokens, a token request, a first order. */
function fullBanner(server: LocalServer, adminGroup: string): string {
  const { url } = server;
  const admin = server.identity.issueToken('admin@example.com', { groups: [adminGroup] });
  const user = server.identity.issueToken('user@example.com');
  const storage = storageLine(server);
  return `
Local API listening on ${url}
  storage:  ${storage}
  users:    ${url}/users   (Lambda TOKEN authorizer; admins are in the '${adminGroup}' group)
  orders:   ${url}/orders  (Cognito user pool authorizer)
  docs:     ${url}/docs    (Swagger UI: paste a token under "Authorize", then "Try it out")
  OpenAPI:  ${url}/openapi.json
  health:   ${url}/local/health
  AWS:      ${url}  (Cognito's user-pool API and CloudFormation DescribeStacks: aws --endpoint-url ${url} --region us-east-1 …; sign-up codes appear here)
Tokens are valid for one hour${server.identity.keyFile === undefined ? ' and only until this server stops' : ` (signing key: ${server.identity.keyFile})`}.

Paste into another terminal:

# Fresh tokens: an admin (admin@example.com) and a regular user (user@example.com)
export ADMIN_TOKEN='${admin.idToken}'
export TOKEN='${user.idToken}'

# A token at any time, from the repository root: npm run token -- --email alice@example.com [--admin] [--decode]
# or from the server:
curl -s -X POST ${url}/local/token -H 'Content-Type: application/json' -d '{"email":"alice@example.com","groups":["${adminGroup}"]}'
export TOKEN=$(curl -s -X POST ${url}/local/token -H 'Content-Type: application/json' -d '{"email":"user@example.com"}' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).idToken')

# Place, list and cancel an order as the regular user
curl -s -X POST ${url}/orders -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"orderId":"order-1","restaurantId":1,"orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1}],"totalAmount":9.99}'
curl -s ${url}/orders -H "Authorization: Bearer $TOKEN"
curl -s -X DELETE ${url}/orders/order-1 -H "Authorization: Bearer $TOKEN"

# Users API: the admin creates and lists users; a user reads their own profile (${user.sub})
curl -s -X POST ${url}/users -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"name":"Jane Doe","email":"jane@example.com"}'
curl -s ${url}/users -H "Authorization: Bearer $ADMIN_TOKEN"
curl -s -X PUT ${url}/users/${user.sub} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"Regular User","email":"user@example.com"}'

# Local controls: move the clock (cancel window, idempotency), acknowledge as the restaurant
curl -s -X POST ${url}/local/clock -H 'Content-Type: application/json' -d '{"advanceSeconds":600}'
curl -s -X POST ${url}/local/orders/${user.sub}/order-1/acknowledge -H 'Content-Type: application/json'
`;
}
