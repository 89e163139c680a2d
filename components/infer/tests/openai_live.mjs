// Live test of formfuzz-infer with the official openai npm client: list
// models (the private one hidden), a completion, a chat completion, streamed
// chat and completion (the deltas equal the non-streamed text; usage in the
// last chunk), the private model for its owner only, and clean errors for a
// bad request and a wrong key. usage: node openai_live.mjs BASE_URL KEY OWNER_KEY
import OpenAI from 'openai';

const [base, key, ownerKey] = process.argv.slice(2);
const opts = { baseURL: `${base}/v1`, maxRetries: 0, timeout: 15000 };
const user = new OpenAI({ apiKey: key, ...opts });
const owner = new OpenAI({ apiKey: ownerKey, ...opts });
let fails = 0;
function expect(name, cond, detail) {
  if (cond) console.log(`ok   ${name}`);
  else { fails++; console.log(`FAIL ${name}: ${detail}`); }
}
async function expectError(name, promise, status, check) {
  try { await promise; expect(name, false, 'no error'); }
  catch (e) { expect(name, e instanceof OpenAI.APIError && e.status === status && check(e), `${e.status} ${e.message}`); }
}

const ids = [];
for await (const m of user.models.list()) ids.push(m.id);
expect('models.list', ids.includes('formfuzz-tiny') && !ids.includes('formfuzz-tiny-private'), ids.join(','));

const comp = await user.completions.create({ model: 'formfuzz-tiny', prompt: 'Hello', max_tokens: 8, temperature: 0 });
expect('completion', comp.object === 'text_completion' && comp.choices.length === 1 &&
       comp.choices[0].text.length === 8 && comp.choices[0].finish_reason === 'length', JSON.stringify(comp));
expect('completion usage', comp.usage.prompt_tokens === 5 && comp.usage.completion_tokens === 8 &&
       comp.usage.total_tokens === 13, JSON.stringify(comp.usage));

const params = { model: 'formfuzz-tiny', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 6, temperature: 0 };
const chat = await user.chat.completions.create(params);
const text = chat.choices[0].message.content;
expect('chat completion', chat.object === 'chat.completion' && chat.choices[0].message.role === 'assistant' &&
       typeof text === 'string' && text.length === 6, JSON.stringify(chat));
expect('chat usage', chat.usage.prompt_tokens === 'user: Hi\nassistant:'.length && chat.usage.completion_tokens === 6,
       JSON.stringify(chat.usage));

const stream = await user.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
let streamed = '', finish = null, usage = null, chunks = 0;
for await (const ch of stream) {
  chunks++;
  if (ch.choices.length) { streamed += ch.choices[0].delta.content ?? ''; finish = ch.choices[0].finish_reason ?? finish; }
  if (ch.usage) usage = ch.usage;
}
expect('chat stream', streamed === text && finish === 'length' && chunks >= 8, `${JSON.stringify(streamed)} vs ${JSON.stringify(text)}, ${finish}, ${chunks} chunks`);
expect('chat stream usage', usage && usage.completion_tokens === 6, JSON.stringify(usage));

const cstream = await user.completions.create({ model: 'formfuzz-tiny', prompt: 'Hello', max_tokens: 8, temperature: 0, stream: true });
let ctext = '';
for await (const ch of cstream) ctext += ch.choices[0]?.text ?? '';
expect('completion stream', ctext === comp.choices[0].text, `${JSON.stringify(ctext)} vs ${JSON.stringify(comp.choices[0].text)}`);

const stopped = await user.chat.completions.create({ ...params, max_tokens: 12, stop: [text.slice(2, 4)] });
expect('stop sequence', stopped.choices[0].finish_reason === 'stop' && stopped.choices[0].message.content === text.slice(0, 2),
       JSON.stringify(stopped.choices[0]));

const sstop = await user.chat.completions.create({ ...params, max_tokens: 12, stop: [text.slice(2, 4)], stream: true });
let stext = '', sfinish = null;
for await (const ch of sstop) { stext += ch.choices[0]?.delta?.content ?? ''; sfinish = ch.choices[0]?.finish_reason ?? sfinish; }
expect('streamed stop sequence (held back, never sent)', stext === text.slice(0, 2) && sfinish === 'stop',
       `${JSON.stringify(stext)}, ${sfinish}`);

await expectError('bad request: max_tokens 0', user.chat.completions.create({ ...params, max_tokens: 0 }), 400,
                  (e) => e.error?.type === 'invalid_request_error' && e.param === 'max_tokens');
await expectError('bad request: no messages', user.chat.completions.create({ model: 'formfuzz-tiny', messages: [] }), 400,
                  (e) => e.error?.type === 'invalid_request_error');
await expectError('private model hidden', user.chat.completions.create({ ...params, model: 'formfuzz-tiny-private' }), 404,
                  (e) => e.code === 'model_not_found');
const priv = await owner.chat.completions.create({ ...params, model: 'formfuzz-tiny-private' });
expect('private model for its owner', priv.choices[0].message.content === text, JSON.stringify(priv.choices[0]));
const ownerIds = [];
for await (const m of owner.models.list()) ownerIds.push(m.id);
expect('owner sees the private model', ownerIds.includes('formfuzz-tiny-private'), ownerIds.join(','));
const wrong = new OpenAI({ apiKey: 'wrong-key', ...opts });
await expectError('wrong key', wrong.models.list(), 401, (e) => e.code === 'invalid_api_key');

console.log(fails ? `${fails} check(s) failed` : 'all checks passed');
process.exit(fails ? 1 : 0);
