// An HTTP proxy in front of the local endpoint that records every request the
// CLI sends: its Action, when it was sent and answered, and the error Code the
// endpoint answered with (e.g. ResourceThrottled). Counting on the wire
// cannot miss a request the way counting inside the CLI could.
import { Agent, createServer, request } from 'node:http';

function actionOf(url, body, contentType) {
  const query = new URL(url, 'http://x').searchParams;
  if (query.has('Action')) return query.get('Action');
  if (contentType?.includes('application/x-www-form-urlencoded')) return new URLSearchParams(body).get('Action');
  return undefined;
}

function codeOf(body) {
  try {
    return JSON.parse(body).Code;
  } catch {
    return undefined;
  }
}

/** Resolves to {endpoint, requests: [{action, sentAt, answeredAt, status, code}], close()}. */
export async function startCountingProxy(target) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record = { action: actionOf(req.url, body.toString(), req.headers['content-type']), sentAt: Date.now() };
      requests.push(record);
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (up) => {
        const answer = [];
        up.on('data', (c) => answer.push(c));
        up.on('end', () => {
          const text = Buffer.concat(answer);
          Object.assign(record, { answeredAt: Date.now(), status: up.statusCode, code: codeOf(text.toString()) });
          res.writeHead(up.statusCode, up.headers).end(text);
        });
      });
      out.on('error', (err) => {
        Object.assign(record, { answeredAt: Date.now(), status: 502, code: err.code });
        res.destroy();
      });
      // A client that gives up on a long poll closes its socket: stop waiting upstream too.
      res.on('close', () => {
        if (record.answeredAt === undefined) out.destroy();
      });
      out.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** {Action: count} of the recorded requests. */
export function countByAction(requests) {
  const counts = {};
  for (const r of requests) counts[r.action] = (counts[r.action] ?? 0) + 1;
  return counts;
}
