import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../src/cli/cli.js';
import { subjectForEmail } from '../../src/identity/identity.js';
import { DEMO_ORDERS, formatDemoData, seedDemoData } from '../../src/portal/demo-data.js';
import { type Storage, startTarget } from '../helpers/target.js';

const sub = (email: string) => subjectForEmail(email);

describe.each<Storage>(['memory', 'dynamodb'])('seedDemoData (%s)', (storage) => {
  it('loads an admin and two users, and orders in each state, through the APIs’ own rules', async () => {
    const target = await startTarget(storage);
    try {
      const people = await seedDemoData({ ...target.server, adminGroup: 'apiAdmins' });

      expect(people.map(({ email, role, sub }) => ({ email, role, sub }))).toEqual([
        { email: 'alice@example.com', role: 'admin', sub: sub('alice@example.com') },
        { email: 'bob@example.com', role: 'user', sub: sub('bob@example.com') },
        { email: 'carol@example.com', role: 'user', sub: sub('carol@example.com') },
      ]);
      const [alice, bob, carol] = people;

      const users = await target.api.get('/users', { token: alice?.idToken });
      expect(users.status).toBe(200);
      expect(users.json.users.map((user: { email: string }) => user.email).sort()).toEqual([
        'alice@example.com',
        'bob@example.com',
        'carol@example.com',
      ]);
      expect((await target.api.get('/users', { token: bob?.idToken })).status).toBe(403);

      const bobsOrders = await target.api.get('/orders', { token: bob?.idToken });
      expect(
        bobsOrders.json.orders.map(({ orderId, status }: { orderId: string; status: string }) => [
          orderId,
          status,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['demo-placed', 'PLACED'],
          ['demo-acknowledged', 'ACKNOWLEDGED'],
          ['demo-canceled', 'CANCELED'],
        ]),
      );
      expect(bob?.orders).toEqual([
        { orderId: 'demo-placed', status: 'PLACED' },
        { orderId: 'demo-acknowledged', status: 'ACKNOWLEDGED' },
        { orderId: 'demo-canceled', status: 'CANCELED' },
      ]);
      const carolsOrders = await target.api.get('/orders', { token: carol?.idToken });
      expect(carolsOrders.json.orders).toEqual([
        expect.objectContaining({ orderId: 'demo-placed', status: 'PLACED' }),
      ]);

      // The PLACED order is a real one: its owner can still cancel it.
      const cancel = await target.api.delete('/orders/demo-placed', { token: carol?.idToken });
      expect(cancel.json).toMatchObject({ status: 'CANCELED' });
    } finally {
      await target.close();
    }
  });

  it('can run again on data it loaded before: orders keep their state', async () => {
    const target = await startTarget(storage);
    try {
      await seedDemoData({ ...target.server, adminGroup: 'apiAdmins' });
      const again = await seedDemoData({ ...target.server, adminGroup: 'apiAdmins' });
      expect(again.flatMap((person) => person.orders.map((order) => order.status))).toEqual(
        DEMO_ORDERS.map((order) => order.status),
      );
    } finally {
      await target.close();
    }
  });
});

describe('npm start -- --seed', () => {
  const folder = mkdtempSync(join(tmpdir(), 'seed-'));
  const tokensFile = join(folder, 'demo-tokens.env');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('prints who is who: emails, roles, subs, their orders, and writes a token each that the server accepts', async () => {
    const out: string[] = [];
    let checked = false;
    const cli: CliIo = {
      stdout: (text) => out.push(text),
      stderr: (text) => out.push(text),
      env: { PORT: '0', LOCAL_KEY_FILE: join(folder, 'key.pem') },
      stopRequested: async (server) => {
        const bobToken = /export BOB_TOKEN='([^']+)'/.exec(readFileSync(tokensFile, 'utf8'))?.[1];
        const response = await fetch(`${server.url}/orders`, {
          headers: { Authorization: `Bearer ${bobToken}` },
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { orders: unknown[] }).orders).toHaveLength(3);
        checked = true;
        return 'SIGTERM';
      },
    };

    expect(await runCli(['--seed'], cli)).toBe(0);

    const output = out.join('');
    expect(checked).toBe(true);
    expect(output).toContain('Demo data (--seed):');
    expect(output).toMatch(new RegExp(`alice@example\\.com +admin +${sub('alice@example.com')} +–`));
    expect(output).toMatch(
      new RegExp(
        `bob@example\\.com +user +${sub('bob@example.com')} +demo-placed PLACED, demo-acknowledged ACKNOWLEDGED, demo-canceled CANCELED`,
      ),
    );
    expect(output).toMatch(
      new RegExp(`carol@example\\.com +user +${sub('carol@example.com')} +demo-placed PLACED`),
    );
    expect(output).toContain(
      `Their tokens (one hour): source ${tokensFile}   (ALICE_TOKEN, BOB_TOKEN, CAROL_TOKEN)`,
    );
    expect(output).not.toContain('export BOB_TOKEN');
    for (const name of ['ALICE', 'BOB', 'CAROL'])
      expect(readFileSync(tokensFile, 'utf8')).toMatch(new RegExp(`export ${name}_TOKEN='ey`));
    expect(statSync(tokensFile).mode & 0o777).toBe(0o600);
    expect(output.indexOf('Demo data')).toBeLessThan(output.indexOf('Press Ctrl+C to stop.'));
  });

  it('formats a table whose columns line up', () => {
    const text = formatDemoData([
      { name: 'A', email: 'a@example.com', sub: 's-1', role: 'admin', idToken: 't1', orders: [] },
      {
        name: 'B',
        email: 'bee@example.com',
        sub: 's-2',
        role: 'user',
        idToken: 't2',
        orders: [{ orderId: 'o', status: 'PLACED' }],
      },
    ]);
    expect(text.split('\n').slice(1, 4)).toEqual([
      '  email            role   sub (= userid)  orders',
      '  a@example.com    admin  s-1             –',
      '  bee@example.com  user   s-2             o PLACED',
    ]);
  });
});
