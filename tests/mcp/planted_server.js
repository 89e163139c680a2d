#!/usr/bin/env node
// A small MCP server (stdio, newline-delimited JSON-RPC 2.0, no SDK) for the
// tests of `formfuzz mcp`. By default it is correct: arguments are checked
// against each tool's input schema (-32602 otherwise), paths stay inside the
// root, notifications are never answered. Planted defects, each behind a
// switch (--defect a,b,...), make it wrong in one known way:
//   traversal  read_note resolves the path without keeping it inside the root
//   crash      stats trusts that every item is a number (a string kills it)
//   hang       walk loops forever on a negative step count
//   protocol   notifications of unknown methods get an error reply
//   lax        set_level accepts a level outside its enum
//   leak       echo keeps 8 MiB for every call it gets (memory grows without bound)
//   session    (HTTP) a session ended with DELETE still answers instead of 404
//   stream     (HTTP, --stream) a stray JSON-RPC response on the GET stream
//   badid      (HTTP, --stream) its roots/list requests carry a null id
// With --http PORT it speaks Streamable HTTP on 127.0.0.1:PORT/mcp instead:
// a session id from initialize, JSON answers (202 when there is none), GET
// refused with 405, DELETE ends the session, and an unknown or ended session
// id gets 404. With --stream as well, GET opens the server's stream: every
// echo call then sends a notifications/message and a roots/list request on
// it, and echo's reply counts the requests the client has refused so far.
// Usage: node planted_server.js ROOT [--defect LIST] [--http PORT [--stream]] [--echo-invalid-ids]
'use strict';
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
if (args.includes('--help') || args.length < 1) {
  process.stdout.write('usage: planted_server.js ROOT [--defect traversal,crash,hang,protocol,lax,leak,session,stream,badid] [--http PORT [--stream]] [--echo-invalid-ids]\n');
  process.exit(args.includes('--help') ? 0 : 2);
}
const root = path.resolve(args[0]);
const di = args.indexOf('--defect');
const defects = new Set(di >= 0 && args[di + 1] ? args[di + 1].split(',') : []);
const echoInvalidIds = args.includes('--echo-invalid-ids');
const PAGE = 3;

const TOOLS = [
  {name: 'read_note', description: 'read a file under the root',
   inputSchema: {type: 'object', properties: {path: {type: 'string', minLength: 1}},
                 required: ['path'], additionalProperties: false}},
  {name: 'stats', description: 'mean of numbers',
   inputSchema: {type: 'object', properties: {values: {type: 'array', items: {type: 'number'}, minItems: 1, maxItems: 16}},
                 required: ['values'], additionalProperties: false}},
  {name: 'walk', description: 'count steps',
   inputSchema: {type: 'object', properties: {steps: {type: 'integer', minimum: -100, maximum: 100}},
                 required: ['steps'], additionalProperties: false}},
  {name: 'set_level', description: 'set the level',
   inputSchema: {type: 'object', properties: {level: {type: 'string', enum: ['low', 'high']}},
                 required: ['level'], additionalProperties: false}},
  {name: 'echo', description: 'echo text',
   inputSchema: {type: 'object', properties: {text: {type: 'string', maxLength: 64}},
                 required: ['text'], additionalProperties: false},
   outputSchema: {type: 'object', properties: {echoed: {type: 'string'}}, required: ['echoed']}},
];

function typeOk(t, v) {
  if (t === 'string') return typeof v === 'string';
  if (t === 'number') return typeof v === 'number';
  if (t === 'integer') return Number.isInteger(v);
  if (t === 'array') return Array.isArray(v);
  if (t === 'object') return v !== null && typeof v === 'object' && !Array.isArray(v);
  return true;
}

// The schema subset the tools above use; returns a reason or null.
function violation(s, v, where, skipItems) {
  if (s.type && !typeOk(s.type, v)) return `${where}: not ${s.type}`;
  if (s.enum && !s.enum.includes(v)) return `${where}: not one of ${s.enum.join(', ')}`;
  if (typeof v === 'string') {
    const n = [...v].length;
    if (s.minLength !== undefined && n < s.minLength) return `${where}: too short`;
    if (s.maxLength !== undefined && n > s.maxLength) return `${where}: too long`;
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return `${where}: below ${s.minimum}`;
    if (s.maximum !== undefined && v > s.maximum) return `${where}: above ${s.maximum}`;
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) return `${where}: too few items`;
    if (s.maxItems !== undefined && v.length > s.maxItems) return `${where}: too many items`;
    if (s.items && !skipItems)
      for (let i = 0; i < v.length; i++) {
        const r = violation(s.items, v[i], `${where}/${i}`, false);
        if (r) return r;
      }
  }
  if (s.type === 'object') {
    for (const r of s.required || []) if (!Object.prototype.hasOwnProperty.call(v, r)) return `${where}/${r}: required`;
    for (const k of Object.keys(v)) {
      const ps = s.properties && Object.prototype.hasOwnProperty.call(s.properties, k) ? s.properties[k] : undefined;
      if (!ps) { if (s.additionalProperties === false) return `${where}/${k}: not allowed`; continue; }
      const r = violation(ps, v[k], `${where}/${k}`, skipItems && k === 'values');
      if (r) return r;
    }
  }
  return null;
}

let answers = null; // HTTP: what the request being handled gets back
function send(msg) {
  if (answers) answers.push(msg);
  else process.stdout.write(JSON.stringify(msg) + '\n');
}
function reply(id, result) { send({jsonrpc: '2.0', id, result}); }
function fail(id, code, message) { send({jsonrpc: '2.0', id, error: {code, message}}); }
function text(t, isError) { return {content: [{type: 'text', text: t}], isError: !!isError}; }

function readNote(p) {
  const full = path.resolve(root, p);
  if (!defects.has('traversal')) {
    const rel = path.relative(root, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return text(`outside the root: ${p}`, true);
  }
  try { return text(fs.readFileSync(full, 'utf8').slice(0, 4096)); }
  catch (e) { return text(`cannot read: ${e.code}`, true); }
}

const retained = []; // what the leak defect never lets go of
let onEcho = () => {}; // HTTP --stream: what the GET stream carries on each echo call
let refusedRequests = 0;
const LEAK_BYTES = 8 << 20;

function callTool(id, params) {
  const tool = TOOLS.find(t => t.name === params.name);
  if (!tool) return fail(id, -32602, `unknown tool: ${params.name}`);
  if (defects.has('leak') && tool.name === 'echo') retained.push(Buffer.alloc(LEAK_BYTES, 1)); // resident: filled
  const a = params.arguments === undefined ? {} : params.arguments;
  let schema = tool.inputSchema;
  if (defects.has('lax') && tool.name === 'set_level')
    schema = {type: 'object', properties: {level: {}}, required: ['level']};
  const bad = violation(schema, a, '', defects.has('crash') && tool.name === 'stats');
  if (bad) return fail(id, -32602, `invalid arguments: ${bad}`);
  switch (tool.name) {
  case 'read_note': return reply(id, readNote(a.path));
  case 'stats': {
    const parts = a.values.map(v => v.toFixed(2)); // a string item throws here when unchecked
    const mean = a.values.reduce((x, y) => x + y, 0) / a.values.length;
    return reply(id, text(`mean ${mean} of ${parts.join(' ')}`));
  }
  case 'walk':
    if (a.steps < 0 && defects.has('hang')) for (let i = a.steps; i !== 0; i--) i -= 1; // never ends
    return reply(id, text(`walked ${Math.abs(a.steps)} steps`));
  case 'set_level': return reply(id, text(`level ${a.level}`));
  case 'echo':
    onEcho();
    return reply(id, {content: [{type: 'text', text: a.text}, {type: 'text', text: `refused server requests: ${refusedRequests}`}],
                      structuredContent: {echoed: a.text}});
  }
}

function page(list, params, key) {
  const start = params && params.cursor !== undefined ? Number.parseInt(params.cursor, 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > list.length || String(start) !== String(params && params.cursor !== undefined ? params.cursor : 0))
    return null;
  const out = {[key]: list.slice(start, start + PAGE)};
  if (start + PAGE < list.length) out.nextCursor = String(start + PAGE);
  return out;
}

const RESOURCES = [{uri: 'note://welcome', name: 'welcome', mimeType: 'text/plain'}];
const PROMPTS = [{name: 'summarize', arguments: [{name: 'topic', required: true}]}];

function handle(msg) {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg) || msg.jsonrpc !== '2.0' ||
      typeof msg.method !== 'string') {
    const id = msg && typeof msg === 'object' && (typeof msg.id === 'string' || typeof msg.id === 'number') &&
               msg.method === undefined ? undefined : null;
    if (id === undefined) return; // a response from the client: nothing to do
    // --echo-invalid-ids: the readable id of an invalid request is echoed, as
    // JSON-RPC 2.0 allows (null is required only when the id cannot be read)
    if (echoInvalidIds && (typeof msg.id === 'string' || typeof msg.id === 'number'))
      return fail(msg.id, -32600, 'invalid request');
    return fail(null, -32600, 'invalid request');
  }
  const hasId = Object.prototype.hasOwnProperty.call(msg, 'id');
  if (hasId && typeof msg.id !== 'string' && typeof msg.id !== 'number') return fail(null, -32600, 'invalid id');
  if (!hasId) { // a notification: never answered
    if (defects.has('protocol') && !msg.method.startsWith('notifications/'))
      fail(null, -32601, `method not found: ${msg.method}`);
    return;
  }
  const id = msg.id, p = msg.params;
  if (p !== undefined && (p === null || typeof p !== 'object' || Array.isArray(p)))
    return fail(id, -32602, 'params must be an object');
  switch (msg.method) {
  case 'initialize': {
    const v = p && p.protocolVersion;
    const supported = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
    return reply(id, {protocolVersion: supported.includes(v) ? v : supported[0],
                      capabilities: {tools: {}, resources: {}, prompts: {}},
                      serverInfo: {name: 'planted', version: '1'}});
  }
  case 'ping': return reply(id, {});
  case 'tools/list': { const r = page(TOOLS, p, 'tools'); return r ? reply(id, r) : fail(id, -32602, 'bad cursor'); }
  case 'resources/list': { const r = page(RESOURCES, p, 'resources'); return r ? reply(id, r) : fail(id, -32602, 'bad cursor'); }
  case 'resources/templates/list': return reply(id, {resourceTemplates: []});
  case 'prompts/list': { const r = page(PROMPTS, p, 'prompts'); return r ? reply(id, r) : fail(id, -32602, 'bad cursor'); }
  case 'resources/read':
    if (!p || p.uri !== 'note://welcome') return fail(id, -32002, 'resource not found');
    return reply(id, {contents: [{uri: p.uri, mimeType: 'text/plain', text: 'welcome'}]});
  case 'prompts/get':
    if (!p || p.name !== 'summarize') return fail(id, -32602, 'unknown prompt');
    if (!p.arguments || typeof p.arguments.topic !== 'string') return fail(id, -32602, 'topic required');
    return reply(id, {messages: [{role: 'user', content: {type: 'text', text: 'Summarize the topic.'}}]});
  case 'tools/call':
    if (!p || typeof p.name !== 'string') return fail(id, -32602, 'name required');
    return callTool(id, p);
  default: return fail(id, -32601, `method not found: ${msg.method}`);
  }
}

// Streamable HTTP on 127.0.0.1 only.
function serveHttp(port) {
  const http = require('http');
  const crypto = require('crypto');
  const sessions = new Set();
  const server = http.createServer((req, res) => {
    const sid = req.headers['mcp-session-id'];
    const reply = (status, body, headers) => {
      res.writeHead(status, Object.assign(body === undefined ? {} : {'Content-Type': 'application/json'}, headers || {}));
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.url !== '/mcp') return reply(404, {jsonrpc: '2.0', id: null, error: {code: -32600, message: 'not found'}});
    if (req.method === 'GET' && streaming && sid && sessions.has(sid)) {
      res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'});
      res.flushHeaders();
      let n = 0;
      const event = m => res.write(`event: message\ndata: ${JSON.stringify(m)}\n\n`);
      onEcho = () => {
        n++;
        event({jsonrpc: '2.0', method: 'notifications/message', params: {level: 'info', data: `echo ${n}`}});
        event({jsonrpc: '2.0', id: defects.has('badid') ? null : `srv-${n}`, method: 'roots/list'});
        if (defects.has('stream')) event({jsonrpc: '2.0', id: 424242, result: {}});
      };
      req.on('close', () => { onEcho = () => {}; });
      return;
    }
    if (req.method === 'GET') return reply(405, undefined, {Allow: 'POST, DELETE'});
    if (req.method === 'DELETE') {
      if (!sid || !sessions.has(sid)) return reply(404, undefined);
      if (!defects.has('session')) sessions.delete(sid);
      return reply(200, undefined);
    }
    if (req.method !== 'POST') return reply(405, undefined, {Allow: 'POST, DELETE'});
    let body = '';
    req.setEncoding('utf8');
    req.on('data', c => { body += c; });
    req.on('end', () => {
      let msg;
      try { msg = JSON.parse(body); } catch (e) { return reply(400, {jsonrpc: '2.0', id: null, error: {code: -32700, message: 'parse error'}}); }
      const initializing = msg && msg.method === 'initialize' && !sid;
      const id = msg && (typeof msg.id === 'string' || typeof msg.id === 'number') ? msg.id : null;
      if (!initializing && !sid) return reply(400, {jsonrpc: '2.0', id, error: {code: -32600, message: 'no session'}});
      if (!initializing && !sessions.has(sid)) return reply(404, {jsonrpc: '2.0', id, error: {code: -32600, message: 'unknown session'}});
      if (msg && typeof msg === 'object' && !Array.isArray(msg) && msg.method === undefined &&
          typeof msg.id === 'string' && msg.id.startsWith('srv-')) { // the client's answer to our request
        if (msg.error && typeof msg.error.code === 'number') refusedRequests++;
        return reply(202, undefined);
      }
      answers = [];
      if (Array.isArray(msg)) fail(null, -32600, 'batches are not supported');
      else handle(msg);
      const out = answers;
      answers = null;
      const headers = {};
      if (initializing && out.length && out[0].result) {
        headers['Mcp-Session-Id'] = crypto.randomUUID();
        sessions.add(headers['Mcp-Session-Id']);
      }
      if (!out.length) return reply(202, undefined, headers);
      reply(200, out.length === 1 ? out[0] : out, headers);
    });
  });
  server.listen(port, '127.0.0.1');
}

const hi = args.indexOf('--http');
const streaming = args.includes('--stream');
if (hi >= 0) {
  serveHttp(Number.parseInt(args[hi + 1], 10));
  return;
}

let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => {
  buf += chunk;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    if (!line.trim()) continue;
    let msg;
    try { msg = JSON.parse(line); } catch (e) { fail(null, -32700, 'parse error'); continue; }
    if (Array.isArray(msg)) { fail(null, -32600, 'batches are not supported'); continue; }
    handle(msg);
  }
});
process.stdin.on('end', () => process.exit(0));
