import { createServer } from 'node:http';

// The baseline of `npm run bench`: a plain node:http server sending the same bytes as
// multiroute's /route1, with no routing, metrics or logging.
const body = Buffer.from("[v1] Hello, You are at /route1, Got: route1's content");
const headers = [
  'Content-Type',
  'text/plain; charset=utf-8',
  'Content-Length',
  String(body.length),
];
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1');
