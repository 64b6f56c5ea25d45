import { EdgeError, mapError } from '@app/adapters-lambda';
import { DomainError } from '@app/core';
import type { GatewayRequest } from './event-builder.js';
import { LOCAL_REFUSALS, type LocalRefusal } from './local-refusals.js';

/** The names of this machine every local server answers to (with its port). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** A name `--allowed-host` accepts: a DNS name or IP literal, optionally with `:port`. */
export const ALLOWED_HOST_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Addresses that mean "every interface": binding one does not name a host to answer. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

export interface RequestGateOptions {
  /** The port the server listens on. */
  port: number;
  /** The address it listens on: a literal one (not a wildcard) is answered as well. */
  listenHost: string;
  /**
   * More names to answer (`--allowed-host`): `NAME` on any port (a tunnel's name comes without
   * one, a container's mapped port may differ), or `NAME:PORT` on that port only.
   */
  allowedHosts?: readonly string[];
}

/** The refusal to answer with (its problem bodies carry `requestId`), or `undefined` to go on. */
export type RequestGate = (
  request: Pick<GatewayRequest, 'method' | 'rawPath' | 'headers'>,
  requestId: string,
) => LocalRefusal | undefined;

/**
 * What a web page must not make the local server do (api.md "Local server"), checked before
 * anything else, even before the body is read:
 * - DNS rebinding: only a `Host` naming this machine (or an allowed name) is answered; a page
 *   whose name an attacker pointed at 127.0.0.1 sends its own name, and gets 403.
 * - Cross-site requests to the control routes (`/local/…`): a request with an `Origin` other
 *   than the server's own, or a `Sec-Fetch-Site` other than `same-origin` or `none`, is
 *   refused (403), and a body must be sent as `application/json`
 *   (415), which a browser sends cross-origin only after a preflight; the control routes never
 *   answer CORS, so the preflight fails. A request without `Origin` (curl, scripts) passes.
 */
export function createRequestGate({ port, listenHost, allowedHosts = [] }: RequestGateOptions): RequestGate {
  const exact = new Set<string>(LOOPBACK_HOSTS.map((host) => `${host}:${port}`));
  // Without a port, a Host means the scheme's default one.
  if (port === 80) for (const host of LOOPBACK_HOSTS) exact.add(host);
  if (!WILDCARD_ADDRESSES.has(listenHost)) {
    const literal = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
    exact.add(`${literal.toLowerCase()}:${port}`);
  }
  const anyPort = new Set<string>();
  for (const allowed of allowedHosts) {
    const name = allowed.toLowerCase();
    if (/:\d+$/.test(name)) exact.add(name);
    else anyPort.add(name);
  }
  const isAllowedHost = (host: string): boolean => {
    const lower = host.toLowerCase();
    return exact.has(lower) || anyPort.has(withoutPort(lower));
  };

  return function gate(request, requestId) {
    let host: string | undefined;
    let hosts = 0;
    let origin: string | undefined;
    let contentType: string | undefined;
    let fetchSite: string | undefined;
    for (const [name, value] of request.headers) {
      const lower = name.toLowerCase();
      if (lower === 'host') {
        host = value;
        hosts += 1;
      } else if (lower === 'origin') origin = value;
      else if (lower === 'content-type') contentType = value;
      else if (lower === 'sec-fetch-site') fetchSite = value;
    }
    if (hosts !== 1 || host === undefined || !isAllowedHost(host)) {
      return LOCAL_REFUSALS.hostNotAllowed(hosts > 1 ? undefined : host, port);
    }
    if (!isControlPath(request.rawPath)) return undefined;
    if (
      (origin !== undefined && !isOwnOrigin(origin, host)) ||
      (fetchSite !== undefined && !SAME_ORIGIN_FETCH_SITES.has(fetchSite.toLowerCase()))
    ) {
      return controlRefusal(
        new DomainError(
          'FORBIDDEN',
          "The local control routes answer only requests from this server's own origin (or without an Origin).",
        ),
        requestId,
      );
    }
    if (!BODILESS_METHODS.has(request.method) && !isJsonMediaType(contentType)) {
      return controlRefusal(
        new EdgeError(
          'UNSUPPORTED_MEDIA_TYPE',
          "The local control routes take 'Content-Type: application/json' on every request but GET and HEAD, even without a body.",
        ),
        requestId,
      );
    }
    return undefined;
  };
}

/** The control routes' own paths (as sent; the control routes match them as sent too). */
const isControlPath = (rawPath: string): boolean => rawPath === '/local' || rawPath.startsWith('/local/');

const BODILESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `Sec-Fetch-Site` values of a request the server's own page (or the user, typing the address)
 * made. Browsers send no `Origin` on a `no-cors` GET (an image, a script), but this header.
 */
const SAME_ORIGIN_FETCH_SITES = new Set(['same-origin', 'none']);

/** `http(s)://` + the request's own (allowed) `Host`: the page was served by this server. */
function isOwnOrigin(origin: string, host: string): boolean {
  const lower = origin.toLowerCase();
  const hostLower = host.toLowerCase();
  return lower === `http://${hostLower}` || lower === `https://${hostLower}`;
}

/** `application/json` with any parameters, in any case: what a browser cannot send unpreflighted. */
function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function withoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** A problem+json answer, as the control routes give every refusal. */
function controlRefusal(error: unknown, requestId: string): LocalRefusal {
  const { response } = mapError(error, requestId);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name] = String(value);
  return { statusCode: response.statusCode, headers, body: response.body };
}
