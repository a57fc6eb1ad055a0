// Serves the built client and the API on a port, for trying the dashboard by hand against
// any database: npx tsx test/dashboard/browser/serveForDev.ts <db> [port]
import { createServer } from '../../../dashboard/server/createServer.ts';
import { ensureDemoAccounts } from '../../../dashboard/server/auth/demoAccounts.ts';

const [db, port = '5175'] = process.argv.slice(2);
if (!db) throw new Error('usage: serveForDev.ts <db> [port]');
// Sample data and no accounts yet: demo accounts, printed once (see dashboard/server/access/README.md).
await ensureDemoAccounts({ dbPath: db, say: (l) => process.stderr.write(`${l}\n`) });
const server = await createServer({ dbPath: db, staticDir: 'dist/dashboard', mode: 'development' });
await server.app.listen({ port: Number(port), host: '127.0.0.1' });
process.stderr.write(`dashboard on http://127.0.0.1:${port}/\n`);
