/** Generates ids for users created without one. */
export interface IdGenerator {
  newId(): string;
}

export const uuidGenerator: IdGenerator = { newId: () => globalThis.crypto.randomUUID() };
