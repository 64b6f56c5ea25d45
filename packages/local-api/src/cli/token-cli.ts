import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_GROUP } from '@app/core/principal';
import * as z from 'zod';
import { createLocalIdentity, DEFAULT_KEY_FILE, type IssuedToken } from '../identity/identity.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';

export const TOKEN_USAGE = `Usage: npm run token -- --email <address> [--admin] [--decode]
       npm run token -- --decode <token>

Prints an ID token for the local API (stdout: the token alone, so TOKEN=$(npm run -s token -- …) works).
It signs with the local server's key file when there is one, so no server is needed; otherwise it
asks the running server (POST /local/token).

Options:
  --email <address>    Who the token is for; the sub (= userid) is derived from the email
  --admin              Put them in the admin group [ADMIN_GROUP_NAME] (default ${DEFAULT_ADMIN_GROUP})
  --group <name>       Another Cognito group (repeatable)
  --expires-in <s>     Lifetime in seconds, 1-86400 (default 3600)
  --decode             Print the header and claims as JSON (of the token given, or of the new one)
  --key-file <path>    The signing key [LOCAL_KEY_FILE] (default .local/signing-key.pem at the repository root)
  --url <url>          Ask this server instead of signing (default when the key file is missing:
                       http://${DEFAULT_HOST}:$PORT, PORT default ${DEFAULT_PORT})
  -h, --help           Show this help
`;

export interface TokenCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

const MAX_LIFETIME_SECONDS = 24 * 3600;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `npm run token`: 0 with a token (or its claims) on stdout, 1 when none could be made, 2 for bad usage. */
export async function runTokenCli(argv: readonly string[], io: TokenCliIo): Promise<number> {
  try {
    const options = parseTokenOptions(argv[0] === '--' ? argv.slice(1) : argv, io.env);
    if (options.kind === 'help') {
      io.stdout(TOKEN_USAGE);
      return 0;
    }
    if (options.kind === 'decode') {
      io.stdout(`${JSON.stringify(decodeJwt(options.token), null, 2)}\n`);
      return 0;
    }
    const { token, source } = await issue(options, io);
    io.stderr(
      `ID token for ${options.email} (sub ${token.sub}${options.groups.length > 0 ? `, groups ${options.groups.join(', ')}` : ''}), valid ${token.expiresIn} s, ${source}.\n`,
    );
    io.stdout(
      options.decode
        ? `${JSON.stringify({ idToken: token.idToken, ...decodeJwt(token.idToken) }, null, 2)}\n`
        : `${token.idToken}\n`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      io.stderr(`${message}\n\nRun with --help to see the options.\n`);
      return 2;
    }
    io.stderr(`${message}\n`);
    return 1;
  }
}

type TokenOptions =
  | { kind: 'help' }
  | { kind: 'decode'; token: string }
  | {
      kind: 'issue';
      email: string;
      groups: string[];
      expiresIn: number | undefined;
      decode: boolean;
      keyFile: string;
      /** The server to ask: given with --url, or the default one when the key file is missing. */
      url: string | undefined;
      defaultUrl: string;
    };

function parseTokenOptions(argv: readonly string[], env: TokenCliIo['env']): TokenOptions {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (positionals.length > 0) {
    if (values.decode !== true || positionals.length > 1 || values.email !== undefined) {
      throw new UsageError(`Unexpected argument '${positionals[0]}': a token is only given with --decode.`);
    }
    return { kind: 'decode', token: positionals[0] ?? '' };
  }
  const email = values.email?.trim();
  if (email === undefined || email === '') throw new UsageError('--email is required (or --decode <token>).');
  if (!z.email().max(254).safeParse(email).success)
    throw new UsageError(`--email must be an email address (got '${email}').`);
  let expiresIn: number | undefined;
  if (values['expires-in'] !== undefined) {
    expiresIn = /^\d{1,6}$/.test(values['expires-in']) ? Number(values['expires-in']) : Number.NaN;
    if (!(expiresIn >= 1 && expiresIn <= MAX_LIFETIME_SECONDS))
      throw new UsageError(`--expires-in must be 1-${MAX_LIFETIME_SECONDS} seconds.`);
  }
  const adminGroup = env.ADMIN_GROUP_NAME?.trim() || DEFAULT_ADMIN_GROUP;
  const groups = [...new Set([...(values.admin === true ? [adminGroup] : []), ...(values.group ?? [])])];
  const port = env.PORT?.trim() || String(DEFAULT_PORT);
  return {
    kind: 'issue',
    email,
    groups,
    expiresIn,
    decode: values.decode === true,
    // Relative to where `pnpm run` was called (INIT_CWD), not this package's folder.
    keyFile: resolve(
      env.INIT_CWD ?? '',
      values['key-file'] ?? (env.LOCAL_KEY_FILE?.trim() || DEFAULT_KEY_FILE),
    ),
    url: values.url?.replace(/\/+$/, ''),
    defaultUrl: `http://${DEFAULT_HOST}:${port}`,
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      admin: { type: 'boolean' },
      group: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
      decode: { type: 'boolean' },
      'key-file': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function issue(
  options: Extract<TokenOptions, { kind: 'issue' }>,
  io: TokenCliIo,
): Promise<{ token: IssuedToken; source: string }> {
  const request = {
    groups: options.groups,
    ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
  };
  if (options.url === undefined && existsSync(options.keyFile)) {
    const identity = createLocalIdentity({ keyFile: options.keyFile });
    const token = identity.issueToken(options.email, request);
    await warnIfServerUsesAnotherKey(options.defaultUrl, identity.jwks.keys[0]?.kid ?? '', io);
    return { token, source: `signed with ${options.keyFile}` };
  }
  const url = options.url ?? options.defaultUrl;
  let response: Response;
  try {
    response = await fetch(`${url}/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: options.email, ...request }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new Error(
      options.url === undefined
        ? `No signing key at ${options.keyFile} and no local API at ${url}. Start it with \`npm start\` (it creates the key), or pass --url.`
        : `No local API answered at ${url}.`,
    );
  }
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url}/local/token answered ${response.status}: ${text}`);
  return { token: JSON.parse(text) as IssuedToken, source: `from ${url}/local/token` };
}

/** A server that runs with another key would refuse the token: say so rather than leave a 401 to puzzle over. */
async function warnIfServerUsesAnotherKey(url: string, kid: string, io: TokenCliIo): Promise<void> {
  let keys: Array<{ kid?: string }>;
  try {
    const response = await fetch(`${url}/.well-known/jwks.json`, { signal: AbortSignal.timeout(1000) });
    keys = ((await response.json()) as { keys: Array<{ kid?: string }> }).keys;
  } catch {
    return;
  }
  if (!keys.some((key) => key.kid === kid)) {
    io.stderr(
      `Warning: the local API at ${url} signs with another key, so it will refuse this token. Use --url ${url} to get one from it.\n`,
    );
  }
}

/** The header and payload of a JWT, unverified. */
export function decodeJwt(token: string): { header: unknown; payload: unknown } {
  const parts = token
    .trim()
    .replace(/^Bearer\s+/i, '')
    .split('.');
  const [header = '', payload = ''] = parts;
  try {
    if (parts.length !== 3) throw new Error('three parts expected');
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    };
  } catch {
    throw new UsageError('That is not a JWT: expected three base64url parts, the first two JSON.');
  }
}
