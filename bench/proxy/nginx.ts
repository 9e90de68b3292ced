// nginx (Debian package `nginx`) as the reference proxy: one worker, the same 80/20 split with
// `upstream` weights and keep-alive connections to the apps, run in the foreground from a
// generated config in a temporary directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

export const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

export function nginxVersion(binary: string): string {
  // nginx -v prints to stderr.
  const run = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  return `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().replace(/^nginx version: /, '') || 'nginx';
}

/** Writes nginx.conf into `dir` and returns its path. */
export function writeNginxConfig(dir: string, listenPort: number, stablePort: number, canaryPort: number): string {
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const config = `${asRoot ? 'user root root;\n' : ''}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  upstream app {
    server 127.0.0.1:${stablePort} weight=80;
    server 127.0.0.1:${canaryPort} weight=20;
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, config);
  return file;
}
