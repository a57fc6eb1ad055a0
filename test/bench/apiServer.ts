// The dashboard server on 127.0.0.1 and a free port, in its own process for benchApi.ts, so
// the clients' HTTP work does not share the server's thread: prints its URL, then serves
// until it is killed. npx tsx test/bench/apiServer.ts <database file>
import { createServer } from '../../dashboard/server/createServer.ts';

const db = process.argv[2];
if (!db) throw new Error('usage: apiServer.ts <database file>');
const server = await createServer({ dbPath: db, mode: 'development', log: (m) => process.stderr.write(`${m}\n`) });
const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
