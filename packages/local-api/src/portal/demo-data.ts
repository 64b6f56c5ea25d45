import {
  type CoreServices,
  DomainError,
  type OrderStatus,
  type Principal,
  principalFromClaims,
} from '@app/core';
import type { LocalIdentity } from '../identity/identity.js';

/** The people of `npm start -- --seed`: one admin and two customers. */
export const DEMO_PEOPLE = [
  { name: 'Alice Admin', email: 'alice@example.com', admin: true },
  { name: 'Bob Diner', email: 'bob@example.com', admin: false },
  { name: 'Carol Diner', email: 'carol@example.com', admin: false },
] as const;

/** Their orders: one in each state, each brought there by the use case that does it. */
export const DEMO_ORDERS: ReadonlyArray<{
  owner: string;
  orderId: string;
  status: OrderStatus;
  dish: string;
}> = [
  { owner: 'bob@example.com', orderId: 'demo-placed', status: 'PLACED', dish: 'Spaghetti' },
  { owner: 'bob@example.com', orderId: 'demo-acknowledged', status: 'ACKNOWLEDGED', dish: 'Risotto' },
  { owner: 'bob@example.com', orderId: 'demo-canceled', status: 'CANCELED', dish: 'Lasagne' },
  { owner: 'carol@example.com', orderId: 'demo-placed', status: 'PLACED', dish: 'Pizza' },
];

export interface DemoPerson {
  name: string;
  email: string;
  sub: string;
  role: 'admin' | 'user';
  /** A fresh ID token (one hour). */
  idToken: string;
  orders: Array<{ orderId: string; status: string }>;
}

export interface DemoDataDependencies {
  services: CoreServices;
  identity: LocalIdentity;
  adminGroup: string;
}

/**
 * Loads the demo data through the services, as the APIs would: each person writes their own
 * profile (`PUT /users/{sub}`), places their orders, cancels one; the restaurant acknowledges
 * one. Orders already there (a DynamoDB table from an earlier run) are left as they are.
 */
export async function seedDemoData({
  services,
  identity,
  adminGroup,
}: DemoDataDependencies): Promise<DemoPerson[]> {
  const people: DemoPerson[] = [];
  for (const { name, email, admin } of DEMO_PEOPLE) {
    const groups = admin ? [adminGroup] : [];
    const { idToken, sub } = identity.issueToken(email, { groups });
    const principal = principalFromClaims({ sub, email, 'cognito:groups': groups }, adminGroup);
    if (principal === undefined) throw new Error(`The local identity made an unusable sub for ${email}.`);
    await services.users.replace(principal, sub, { name, email });
    const orders = [];
    for (const demo of DEMO_ORDERS.filter((order) => order.owner === email)) {
      orders.push(await placeDemoOrder(services, principal, demo));
    }
    people.push({ name, email, sub, role: admin ? 'admin' : 'user', idToken, orders });
  }
  return people;
}

async function placeDemoOrder(
  services: CoreServices,
  principal: Principal,
  { orderId, status, dish }: (typeof DEMO_ORDERS)[number],
): Promise<{ orderId: string; status: string }> {
  const existing = await services.orders.get(principal, orderId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'ORDER_NOT_FOUND') return undefined;
    throw error;
  });
  if (existing !== undefined) return { orderId, status: existing.status };

  const price = 12.5;
  await services.orders.create(principal, {
    orderId,
    restaurantId: 1,
    orderItems: [{ id: 1, name: dish, price, quantity: 2 }],
    totalAmount: price * 2,
  });
  if (status === 'ACKNOWLEDGED') await services.orders.acknowledge(principal.sub, orderId);
  if (status === 'CANCELED') await services.orders.cancel(principal, orderId);
  return { orderId, status: (await services.orders.get(principal, orderId)).status };
}

/**
 * Who is who and their orders; then where their tokens are (`tokensFile`, written with
 * `formatDemoTokens`), or, without one, a line per person to paste.
 */
export function formatDemoData(people: readonly DemoPerson[], tokensFile?: string): string {
  const rows = people.map((person) => [
    person.email,
    person.role,
    person.sub,
    person.orders.map((order) => `${order.orderId} ${order.status}`).join(', ') || '–',
  ]);
  const header = ['email', 'role', 'sub (= userid)', 'orders'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();
  return [
    'Demo data (--seed):',
    line(header),
    ...rows.map(line),
    ...(tokensFile === undefined
      ? [
          '',
          '# Their tokens (one hour; a new one any time: npm run token -- --email bob@example.com)',
          formatDemoTokens(people).trimEnd(),
        ]
      : [
          `Their tokens (one hour): source ${tokensFile}   (${people.map((person) => tokenVariable(person.email)).join(', ')})`,
        ]),
    '',
  ].join('\n');
}

/** `export BOB_TOKEN='…'`, a line per person: a file to `source`, or lines to paste. */
export function formatDemoTokens(people: readonly DemoPerson[]): string {
  return people.map((person) => `export ${tokenVariable(person.email)}='${person.idToken}'\n`).join('');
}

const tokenVariable = (email: string) => `${email.split('@')[0]?.toUpperCase()}_TOKEN`;
