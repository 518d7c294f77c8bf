// Databases that are away, for tests of what the app does then, without a database server: ports
// that refuse connections, accept and never speak, or let a client connect and never answer a
// statement. Each test file makes one `awayDatabases()` and closes it after its tests.
import net from "node:net";
import { openDatabase } from "../db/open";

export function awayDatabases() {
  const closers: (() => Promise<unknown>)[] = [];

  /**
   * A server that keeps every socket it is given, closed (sockets destroyed) by close().
   * `allClosed` settles once the clients have closed every connection they opened.
   */
  async function listening(onSocket: (socket: net.Socket) => void): Promise<{ port: number; allClosed: () => Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const noneOpen: (() => void)[] = [];
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => {
        sockets.delete(socket);
        if (sockets.size === 0) for (const resolve of noneOpen.splice(0)) resolve();
      });
      onSocket(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    const allClosed = () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => noneOpen.push(resolve)));
    return { port: (server.address() as net.AddressInfo).port, allClosed };
  }

  // It reads what it is sent (and ignores it): unread, a socket the client closes never ends here.
  const silentServer = () => listening((socket) => socket.resume());

  const goneSilent = () =>
    listening((socket) => {
      let started = false;
      socket.on("data", () => {
        if (started) return;
        started = true;
        const authOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
        const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
        socket.write(Buffer.concat([authOk, ready]));
      });
    });

  return {
    /** A port that refuses connections (a server stopped): bound for a moment, then closed. */
    async refusingPort(): Promise<number> {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as net.AddressInfo;
      await new Promise((resolve) => server.close(resolve));
      return port;
    },

    /** A port that accepts connections and never answers (a host hung, a black-holed route). */
    silentPort: async (): Promise<number> => (await silentServer()).port,
    silentServer,

    /**
     * A "database" that lets clients connect (the protocol's startup: authentication ok, ready for
     * query) and then never answers a statement: the peer of an open connection gone silent, as
     * after a failover or a partition.
     */
    goneSilentPort: async (): Promise<number> => (await goneSilent()).port,
    goneSilentServer: goneSilent,

    /** The app's client on a "PostgreSQL" at `port` (`query`: DATABASE_URL's settings, e.g. ?query_timeout=0.3). */
    async databaseAt(port: number, query = "") {
      const { db, close } = await openDatabase(`postgresql://gatehouse@127.0.0.1:${port}/gatehouse${query}`);
      closers.push(close);
      return db;
    },

    close: () => Promise.all(closers.map((close) => close())),
  };
}
