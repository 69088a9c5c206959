// A real Learning Record Store for the tests: Learning Locker's statement
// service (npm xapi-statements) with statements kept in memory, on
// 127.0.0.1:$LRS_PORT. Its own client check (AUTH_REPO) wants Learning
// Locker's database, so the service runs with its test client, and this
// wrapper checks HTTP Basic auth against $LRS_AUTH ("user:password") in
// front of it: a request without those credentials gets 401, as from a
// real LRS. Started and stopped by tests/e2e/xapi.sh.
'use strict';
const http = require('http');
const path = require('path');

const port = process.env.LRS_PORT;
const auth = process.env.LRS_AUTH;
if (!port || !auth) {
	console.error('lrs.js: LRS_PORT and LRS_AUTH are needed');
	process.exit(2);
}
const expected = 'Basic ' + Buffer.from(auth).toString('base64');

Object.assign(process.env, {
	EXPRESS_PORT: port,
	MODELS_REPO: 'memory',
	STORAGE_REPO: 'memory',
	AUTH_REPO: 'test',
	EVENTS_REPO: 'test',
	WINSTON_CONSOLE_LEVEL: process.env.WINSTON_CONSOLE_LEVEL || 'warning',
	EXPRESS_MORGAN_DIRECTORY: process.env.LRS_LOGS || path.join(process.cwd(), 'lrs-logs'),
});

// The service calls app.listen(port), which makes its server through
// http.createServer: wrap the app there, and listen on 127.0.0.1 only.
const createServer = http.createServer;
http.createServer = function (app) {
	const server = createServer.call(http, (req, res) => {
		if (req.headers.authorization !== expected) {
			res.statusCode = 401;
			res.setHeader('Content-Type', 'application/json');
			res.end(JSON.stringify({ message: 'Unauthorised: wrong or missing credentials' }));
			return;
		}
		app(req, res);
	});
	const listen = server.listen;
	server.listen = function (p, ...rest) {
		return listen.call(server, p, '127.0.0.1', ...rest);
	};
	return server;
};
require('xapi-statements/dist/server');
