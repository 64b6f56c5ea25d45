import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors.js';
import { CursorCodec } from '../src/pagination/cursor-codec.js';

const codec = new CursorCodec('a-signing-key-of-enough-length');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'decoded';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

describe('CursorCodec', () => {
  it('round-trips a position within its scope', () => {
    const token = codec.encode('orders:alice', 'order-42');
    expect(codec.decode('orders:alice', token)).toBe('order-42');
    expect(token).not.toContain('order-42');
  });

  it('refuses a token from another scope (another caller or query)', () => {
    const token = codec.encode('orders:alice', 'order-42');
    expect(codeOf(() => codec.decode('orders:bob', token))).toBe('INVALID_CURSOR');
    expect(codeOf(() => codec.decode('users:alice', token))).toBe('INVALID_CURSOR');
  });

  it('refuses a token signed with another key', () => {
    const other = new CursorCodec('another-signing-key-0123456789');
    expect(codeOf(() => codec.decode('s', other.encode('s', 'p')))).toBe('INVALID_CURSOR');
  });

  it('refuses every single-character edit, truncation and extension of a token', () => {
    const token = codec.encode('orders:alice', 'order-42');
    const variants = new Set<string>([
      '',
      '.',
      token.slice(0, -1),
      `${token}A`,
      `${token}.x`,
      token.replace('.', ''),
    ]);
    for (let i = 0; i < token.length; i++) {
      for (const c of ['A', 'z', '_', '-', '0']) {
        if (token[i] !== c) variants.add(token.slice(0, i) + c + token.slice(i + 1));
      }
    }
    for (const variant of variants) {
      expect(
        codeOf(() => codec.decode('orders:alice', variant)),
        variant,
      ).toBe('INVALID_CURSOR');
    }
  });

  it('refuses a signing key shorter than 16 bytes', () => {
    expect(() => new CursorCodec('short')).toThrow('at least 16 bytes');
  });
});
