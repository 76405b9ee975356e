/**
 * The embedded database's own thread (docs/decisions/034): PGlite runs its queries synchronously
 * in WebAssembly, so on the app's thread every query would stop every request — a back-office
 * dashboard's 80 ms would be 80 ms during which no cached public page is sent. Here it runs
 * beside the app's thread and answers the requests of embedded.ts (pglite.protocol.ts).
 *
 * Transactions: `begin` opens one with PGlite's own `transaction` and holds it open until `end`;
 * PGlite serialises everything else behind it, as it does in one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { errorFields, PGLITE_EXTENSIONS, PGLITE_START, type Message, type Opening, type Request } from './pglite.protocol';

interface Open { tx: Transaction | null; finish: (commit: boolean) => void; done: Promise<void> }

const ROLLBACK = Symbol('rollback');
const port = parentPort!;
const send = (m: Message, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

async function openDb(o: Opening): Promise<PGlite> {
  const loadDataDir = o.loadDataDir ? new Blob([o.loadDataDir]) : undefined;
  return PGlite.create({ dataDir: o.dataDir, loadDataDir, extensions: PGLITE_EXTENSIONS, startParams: PGLITE_START });
}

function serve(db: PGlite): void {
  const open = new Map<number, Open>();
  const listening = new Map<string, () => Promise<void>>();
  const keepers = new Map<string, Record<number, (v: string) => string>>();
  let nextTx = 1;

  const keep = (oids: number[]) => {
    const key = oids.join(',');
    let parsers = keepers.get(key);
    if (!parsers) keepers.set(key, (parsers = Object.fromEntries(oids.map((o) => [o, (v: string) => v]))));
    return parsers;
  };
  const on = (tx: number) => {
    if (!tx) return db;
    const t = open.get(tx)?.tx;
    if (!t) throw new Error(`embedded database: transaction ${tx} is not open`);
    return t;
  };

  const begin = () => new Promise<number>((resolve, reject) => {
    const n = nextTx++;
    let finish!: (commit: boolean) => void;
    const gate = new Promise<void>((ok, no) => { finish = (commit) => (commit ? ok() : no(ROLLBACK)); });
    gate.catch(() => {});
    const entry: Open = { tx: null, finish, done: Promise.resolve() };
    open.set(n, entry);
    entry.done = db.transaction(async (tx) => { entry.tx = tx; resolve(n); await gate; });
    entry.done.catch((e: unknown) => { if (!entry.tx) { open.delete(n); reject(e); } });
  });

  const end = async (n: number, commit: boolean) => {
    const t = open.get(n);
    if (!t) throw new Error(`embedded database: transaction ${n} is not open`);
    open.delete(n);
    t.finish(commit);
    try {
      await t.done;
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
  };

  const handle = async (m: Request): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> => {
    switch (m.op) {
      case 'query':
        return { value: await on(m.tx).query(m.text, m.params, { rowMode: m.rowMode, parsers: keep(m.keepText) }) };
      case 'exec':
        return { value: await on(m.tx).exec(m.text) };
      case 'begin':
        return { value: await begin() };
      case 'end':
        await end(m.tx, m.commit);
        return { value: null };
      case 'listen':
        if (!listening.has(m.channel)) listening.set(m.channel, await db.listen(m.channel, (payload) => send({ channel: m.channel, payload })));
        return { value: null };
      case 'unlisten':
        await listening.get(m.channel)?.();
        listening.delete(m.channel);
        return { value: null };
      case 'dump': {
        const bytes = await (await db.dumpDataDir(m.compression)).arrayBuffer();
        return { value: bytes, transfer: [bytes] };
      }
      case 'close':
        for (const [n] of open) await end(n, false).catch(() => {});
        if (!db.closed) await db.close();
        return { value: null };
    }
  };

  port.on('message', (m: Request) => {
    handle(m).then(
      ({ value, transfer }) => {
        send({ id: m.id, ok: true, value }, transfer);
        if (m.op === 'close') port.close(); // the thread ends
      },
      (e: unknown) => send({ id: m.id, ok: false, error: errorFields(e) }),
    );
  });
}

openDb(workerData as Opening).then(
  (db) => { serve(db); send({ ready: true }); },
  (e: unknown) => send({ failed: errorFields(e) }),
);
