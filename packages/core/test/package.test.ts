import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = new URL('..', import.meta.url).pathname;
const TSC = join(PACKAGE_DIR, 'node_modules', '.bin', 'tsc');

const CONSUMER = `
import { buildServices, principalFromClaims, CANCEL_WINDOW_SECONDS, type Order } from '@app/core';
import { InMemoryIdempotency, InMemoryOrderRepository, InMemoryUserRepository, ManualClock } from '@app/core/in-memory';

const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
const { orders } = buildServices({
  userRepository: new InMemoryUserRepository(),
  orderRepository: new InMemoryOrderRepository(),
  idempotency: new InMemoryIdempotency({ clock }),
  clock,
  cursorSigningKey: 'consumer-signing-key-123456',
});
const caller = principalFromClaims({ sub: 'consumer-1' })!;
const placed: Order = (await orders.create(caller, {
  orderId: 'o-1',
  restaurantId: 1,
  orderItems: [{ id: 1, name: 'Soup', price: 19.97, quantity: 1 }],
  totalAmount: 19.97,
})).order;
clock.advance(CANCEL_WINDOW_SECONDS - 1);
const canceled = await orders.cancel(caller, placed.orderId);
console.log(JSON.stringify({ status: canceled.status, total: canceled.totalAmount }));
`;

describe('the published package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    if (!existsSync(join(PACKAGE_DIR, 'dist', 'index.js'))) {
      throw new Error(
        'packages/core/dist is missing: run `pnpm --filter @app/core build` first (turbo does it before tests).',
      );
    }
    work = mkdtempSync(join(tmpdir(), 'core-consumer-'));
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: PACKAGE_DIR, stdio: 'pipe' });
    const name = readdirSync(work).find((file) => file.endsWith('.tgz'));
    if (!name) throw new Error('pnpm pack produced no tarball');
    tarball = join(work, name);
  }, 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('contains the compiled entry points with types, and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const entry of ['index', 'in-memory/index', 'testing/index']) {
      expect(files).toContain(`package/dist/${entry}.js`);
      expect(files).toContain(`package/dist/${entry}.d.ts`);
    }
    expect(files).toContain('package/README.md');
    expect(
      files.filter((file) => file.startsWith('package/src/') || file.startsWith('package/test/')),
    ).toEqual([]);
  });

  it('installs with npm into a project outside the workspace, type-checks and runs', () => {
    const consumer = join(work, 'consumer');
    execFileSync('mkdir', ['-p', consumer]);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: { '@app/core': `file:${tarball}` },
      }),
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
      }),
    );
    writeFileSync(join(consumer, 'main.ts'), CONSUMER);
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: consumer,
      stdio: 'pipe',
    });

    execFileSync(TSC, ['-p', 'tsconfig.json'], { cwd: consumer, stdio: 'pipe' });
    writeFileSync(
      join(consumer, 'main.mjs'),
      CONSUMER.replace(': Order', '').replace(')!;', ');').replace(', type Order', ''),
    );
    const output = execFileSync('node', ['main.mjs'], { cwd: consumer, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ status: 'CANCELED', total: 19.97 });
  }, 180_000);
});
