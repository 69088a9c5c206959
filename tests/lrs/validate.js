// Checks every statement in a JSON array (a file, or standard input) with
// Learning Locker's validator (@learninglocker/xapi-validation): prints
// each problem as "statement N (id): path: warning" and exits 1 if there
// was any, 2 if the input is not a JSON array.
'use strict';
const fs = require('fs');
const validate = require('@learninglocker/xapi-validation').default;

let statements;
try {
	statements = JSON.parse(fs.readFileSync(process.argv[2] || 0, 'utf8'));
} catch (e) {
	console.error('validate.js: not JSON: ' + e.message);
	process.exit(2);
}
if (!Array.isArray(statements)) {
	console.error('validate.js: not a JSON array');
	process.exit(2);
}
let bad = 0;
statements.forEach((s, i) => {
	for (const w of validate(s)) {
		bad++;
		console.log(`statement ${i} (${s.id}): ${w.path.join('.')}: ${w.name}` +
			(w.data !== undefined ? ` ${JSON.stringify(w.data).slice(0, 120)}` : ''));
	}
});
console.log(`${statements.length} statements, ${bad} problems`);
process.exit(bad ? 1 : 0);
