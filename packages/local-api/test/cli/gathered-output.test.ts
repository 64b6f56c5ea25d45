import { describe, expect, it } from 'vitest';
import { GatheredOutput } from '../../src/cli/gathered-output.js';

describe('gathered output (the request log of npm start)', () => {
  it('writes the lines of a burst in one piece, in order, once the gathering time is over', async () => {
    const writes: string[] = [];
    const output = new GatheredOutput((text) => writes.push(text), 5);

    for (let line = 1; line <= 3; line++) output.write(`line ${line}\n`);
    expect(writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(writes).toEqual(['line 1\nline 2\nline 3\n']);
  });

  it('writes what waits at once on flush, and nothing twice', () => {
    const writes: string[] = [];
    const output = new GatheredOutput((text) => writes.push(text), 60_000);

    output.write('a\n');
    output.flush();
    output.write('b\n');
    output.flush();
    output.flush();

    expect(writes).toEqual(['a\n', 'b\n']);
  });

  it('does not let a burst wait past 64 KiB', () => {
    const writes: string[] = [];
    const output = new GatheredOutput((text) => writes.push(text), 60_000);
    const line = `${'x'.repeat(1023)}\n`;

    for (let count = 0; count < 64; count++) output.write(line);

    expect(writes).toEqual([line.repeat(64)]);
    output.flush();
    expect(writes).toHaveLength(1);
  });
});
