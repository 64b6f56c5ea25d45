/** Where the local API listens unless told otherwise (kept apart so the token CLI loads nothing else). */
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
