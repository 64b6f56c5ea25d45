import { STATUS_CODES } from 'node:http';

/** An answer of the emulator's own: status, headers and body, as written (never API Gateway's). */
export interface LocalRefusal {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The emulator's own refusals, for requests API Gateway would never see or that Node would
 * otherwise answer bare: JSON `{"message"}` bodies like API Gateway's, with the headers every
 * response carries (the server adds `x-amzn-RequestId`).
 */
function localRefusal(statusCode: number, message: string): LocalRefusal {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ message }),
  };
}

/** How much of a refused `Host` the answer repeats. */
const MAX_ECHOED_HOST_CHARS = 200;

export const LOCAL_REFUSALS = {
  /** DNS rebinding: a name that is not this machine's, nor one the user allowed. */
  hostNotAllowed: (host: string | undefined, port: number) =>
    localRefusal(
      403,
      `${host === undefined ? 'A request without a Host header' : `Host '${host.slice(0, MAX_ECHOED_HOST_CHARS)}'`} is not answered: ` +
        `this local server answers 127.0.0.1:${port}, localhost:${port} and [::1]:${port}. ` +
        'To reach it under another name (a container, a tunnel), start it with --allowed-host NAME (or ALLOWED_HOSTS=NAME,…).',
    ),
  /** An `Expect` other than `100-continue` (Node would answer a bare 417). */
  expectationFailed: () =>
    localRefusal(
      417,
      "Only 'Expect: 100-continue' is supported; send the request without the Expect header.",
    ),
  /** `CONNECT` (Node would close the socket): this is not a proxy. */
  connectNotAllowed: () => localRefusal(405, 'CONNECT is not supported: this server is not a proxy.'),
  /** What Node's HTTP parser refused (a raw non-ASCII byte, headers over its limit, a timeout). */
  unparsable: (statusCode: number) => localRefusal(statusCode, STATUS_CODES[statusCode] ?? 'Bad Request'),
} as const;
