// The dashboard server on 127.0.0.1 and a free port, in its own process for benchApi.ts, so
// the clients' HTTP work does not share the server's thread: prints its URL, then serves
// until it is killed. npx tsx test/bench/apiServer.ts <database file>
import { createServer } from '../../dashboard/server/createServer.ts';
import { signIn, writeAccounts } from '../dashboard/server/helpers/accounts.ts';

const db = process.argv[2];
if (!db) throw new Error('usage: apiServer.ts <database file>');
// Every route needs a session: a throwaway analyst account, signed in once, its cookie printed for the clients.
const usersFile = await writeAccounts([{ username: 'bench', role: 'analyst', password: 'bench-password-1' }]);
const server = await createServer({ dbPath: db, mode: 'development', log: (m) => process.stderr.write(`${m}\n`), access: { usersFile } });
const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
const cookie = await signIn(url, 'bench', 'bench-password-1');
process.stdout.write(`listening ${url} ${cookie}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
