// A minimal SMTP client (RFC 5321): EHLO, STARTTLS when the server offers it (TLS from the start on
// port 465), AUTH PLAIN when a user is given, MAIL FROM, RCPT TO per recipient, DATA with
// dot-stuffing, QUIT. Every reply is checked; a refusal or a timeout rejects with the server's words.
import net from 'node:net';
import tls from 'node:tls';

export interface MailMessage {
  host: string;
  port: number;
  username?: string;
  password?: string;
  from: string;
  to: readonly string[];
  subject: string;
  body: string;
  html?: boolean;
  /** The whole exchange's limit, in milliseconds (default 10 s). */
  timeoutMs?: number;
  /** The name this client gives in EHLO (default "localhost"). */
  clientName?: string;
  /** Accept any certificate (Argo's insecure_skip_verify). */
  insecureSkipVerify?: boolean;
  /** Trusted certificates other than the system's (tests). */
  ca?: string;
}

export async function sendMail(message: MailMessage): Promise<void> {
  if (message.to.length === 0) throw new Error('email: no recipient');
  const tlsOptions = {
    servername: net.isIP(message.host) ? undefined : message.host,
    rejectUnauthorized: message.insecureSkipVerify !== true,
    ...(message.ca ? { ca: message.ca } : {}),
  };
  let socket: net.Socket =
    message.port === 465
      ? tls.connect({ host: message.host, port: message.port, ...tlsOptions })
      : net.connect({ host: message.host, port: message.port });
  let buffer = '';
  const waiting: Array<(line: string) => void> = [];
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    for (const resolve of waiting.splice(0)) resolve('');
  };
  const attach = (stream: net.Socket): void => {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply ends with a line whose 4th character is a space ("250 OK"), after "250-..." lines.
      for (;;) {
        const match = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(buffer);
        if (!match) break;
        buffer = buffer.slice(match[0].length);
        const resolve = waiting.shift();
        if (resolve) resolve(match[0]);
      }
    });
    stream.on('error', (error) => fail(new Error(`email: ${message.host}:${message.port}: ${error.message}`)));
    stream.on('close', () => fail(new Error(`email: ${message.host}:${message.port} closed the connection`)));
  };
  attach(socket);
  const timer = setTimeout(() => {
    fail(new Error(`email: ${message.host}:${message.port} did not answer within ${message.timeoutMs ?? 10_000} ms`));
    socket.destroy();
  }, message.timeoutMs ?? 10_000);

  const reply = (): Promise<string> => new Promise((resolve) => waiting.push(resolve));
  const expect = async (command: string | undefined, codes: number[]): Promise<string> => {
    const answer = reply();
    if (command !== undefined) socket.write(`${command}\r\n`);
    const text = await answer;
    if (failure) throw failure;
    const code = Number(text.slice(0, 3));
    if (!codes.includes(code)) {
      const shown = command?.startsWith('AUTH') ? 'AUTH PLAIN ***' : command;
      throw new Error(`email: ${message.host}:${message.port} refused ${shown ?? 'the connection'}: ${text.trim()}`);
    }
    return text;
  };
  try {
    await expect(undefined, [220]);
    const hello = await expect(`EHLO ${message.clientName ?? 'localhost'}`, [250]);
    if (!(socket instanceof tls.TLSSocket) && /^250[- ]STARTTLS\b/im.test(hello)) {
      await expect('STARTTLS', [220]);
      const plain = socket;
      plain.removeAllListeners('data');
      plain.removeAllListeners('close');
      const secure = tls.connect({ socket: plain, ...tlsOptions });
      await new Promise<void>((resolve, reject) => {
        secure.once('secureConnect', resolve);
        secure.once('error', reject);
      }).catch((error: Error) => {
        throw new Error(`email: ${message.host}:${message.port}: TLS after STARTTLS failed: ${error.message}`);
      });
      socket = secure;
      attach(secure);
      await expect(`EHLO ${message.clientName ?? 'localhost'}`, [250]);
    }
    if (message.username) {
      const token = Buffer.from(`\0${message.username}\0${message.password ?? ''}`).toString('base64');
      await expect(`AUTH PLAIN ${token}`, [235]);
    }
    await expect(`MAIL FROM:<${message.from}>`, [250]);
    for (const to of message.to) await expect(`RCPT TO:<${to}>`, [250, 251]);
    await expect('DATA', [354]);
    const headers = [
      `From: ${message.from}`,
      `To: ${message.to.join(', ')}`,
      `Subject: ${encodeHeader(message.subject)}`,
      'MIME-Version: 1.0',
      `Content-Type: ${message.html ? 'text/html' : 'text/plain'}; charset=UTF-8`,
      'Content-Transfer-Encoding: 8bit',
    ];
    const body = message.body.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    await expect(`${headers.join('\r\n')}\r\n\r\n${body}\r\n.`, [250]);
    await expect('QUIT', [221]).catch(() => undefined);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

/** A header value with non-ASCII characters as an RFC 2047 encoded word. */
function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean).toString('base64')}?=`;
}
