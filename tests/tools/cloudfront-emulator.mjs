// A stand-in for a CloudFront distribution in front of a private S3 origin, for Paved's tests:
// HTTPS on a free port of 127.0.0.1; each GET or HEAD is forwarded to the origin (the bucket and
// prefix, path style, as the distribution's origin path would), signed with SigV4 as an origin
// access control signs it (credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION),
// and the viewer-response CloudFront Function in the given file runs on the answer, with the event
// CloudFront gives it.
//
//   node tests/tools/cloudfront-emulator.mjs <origin URL> <function.js> <cert.pem> <key.pem>
//
// It prints its port and serves until its standard input closes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import vm from 'node:vm';

const [origin, functionFile, certificate, key] = process.argv.slice(2);
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(functionFile, 'utf8'), context, { filename: functionFile });
if (typeof context.handler !== 'function') {
    console.error(`${functionFile} defines no handler(event)`);
    process.exit(1);
}
const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();

/// The headers of a SigV4-signed request without a body to `url` (S3, no query string).
function signed(method, url) {
    const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: region = 'us-east-1' } = process.env;
    const time = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const scope = `${time.slice(0, 8)}/${region}/s3/aws4_request`;
    const payload = sha256('');
    const headers = { host: url.host, 'x-amz-content-sha256': payload, 'x-amz-date': time };
    const names = Object.keys(headers).sort();
    const canonical = [
        method,
        url.pathname.split('/').map((segment) => encodeURIComponent(decodeURIComponent(segment))).join('/'),
        '',
        ...names.map((name) => `${name}:${headers[name]}`),
        '',
        names.join(';'),
        payload,
    ].join('\n');
    const toSign = ['AWS4-HMAC-SHA256', time, scope, sha256(canonical)].join('\n');
    let key = `AWS4${secret}`;
    for (const part of scope.split('/')) key = hmac(key, part);
    const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${id}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    delete headers.host;
    return headers;
}

// The headers CloudFront passes on from an S3 origin: these, and the objects' user metadata
// (`x-amz-meta-*`); it drops S3's other x-amz-* ones.
const FORWARDED = ['content-type', 'etag', 'cache-control', 'last-modified'];

const server = https.createServer(
    { cert: fs.readFileSync(certificate), key: fs.readFileSync(key) },
    async (request, response) => {
        const uri = new URL(request.url, 'https://distribution').pathname;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
            response.writeHead(405).end();
            return;
        }
        let upstream;
        try {
            const url = new URL(origin.replace(/\/$/, '') + uri);
            upstream = await fetch(url, { method: request.method, headers: signed(request.method, url) });
        } catch (error) {
            response.writeHead(502, { 'content-type': 'text/plain' }).end(`origin failed: ${error}\n`);
            return;
        }
        const headers = {};
        for (const [name, value] of upstream.headers) {
            if (FORWARDED.includes(name) || name.startsWith('x-amz-meta-')) headers[name] = { value };
        }
        const event = {
            version: '1.0',
            context: { eventType: 'viewer-response' },
            viewer: { ip: request.socket.remoteAddress },
            request: { method: request.method, uri, querystring: {}, headers: {}, cookies: {} },
            response: { statusCode: upstream.status, statusDescription: upstream.statusText, headers, cookies: {} },
        };
        const answer = context.handler(event);
        const body = Buffer.from(await upstream.arrayBuffer());
        const out = { 'content-length': String(body.length) };
        for (const [name, { value }] of Object.entries(answer.headers)) out[name] = value;
        response.writeHead(answer.statusCode, out);
        response.end(request.method === 'HEAD' ? undefined : body);
    },
);
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
