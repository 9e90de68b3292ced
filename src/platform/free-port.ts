// A free TCP port on the loopback interface, found by letting the kernel pick one. Ports handed
// out recently are not handed out again, so pods started together never share one.
import net from 'node:net';

const recentlyGiven: number[] = [];
const REMEMBERED = 512;

export async function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await kernelPickedPort(host);
    if (recentlyGiven.includes(port)) continue;
    recentlyGiven.push(port);
    if (recentlyGiven.length > REMEMBERED) recentlyGiven.shift();
    return port;
  }
  throw new Error(`could not find a free port on ${host}`);
}

function kernelPickedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned')),
      );
    });
  });
}
