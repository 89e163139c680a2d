// A webhook receiver for formfuzz-econ's delivery test, standing as the HTTP
// proxy the server is told to use: it listens on 127.0.0.1:PORT, appends
// every request as one JSON line {method, url, headers, body} to OUT, answers
// 204, and exits by itself after SECONDS.
// usage: node hook_receiver.mjs PORT OUT SECONDS
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';

const [port, out, seconds] = process.argv.slice(2);
if (!port || !out || !seconds) {
  console.error('usage: node hook_receiver.mjs PORT OUT SECONDS');
  process.exit(2);
}
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    appendFileSync(out, JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }) + '\n');
    res.writeHead(204).end();
  });
});
server.on('error', (e) => {
  console.error(`hook_receiver: ${e.message}`);
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
setTimeout(() => process.exit(0), Number(seconds) * 1000).unref();
