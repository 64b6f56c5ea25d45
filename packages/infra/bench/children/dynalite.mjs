// A dynalite (DynamoDB-compatible, in memory) in its own process, for the list bench: the servers
// under test reach it over loopback as they would reach DynamoDB, and its CPU is not the bench's.
// Prints `dynalite listening on <endpoint>`; stops on SIGTERM (NodeServer in built-server.ts).
import { startDynalite } from '@app/adapters-dynamodb/testing';

const server = await startDynalite();
process.stdout.write(`dynalite listening on ${server.endpoint}\n`);
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
