// Regenerates reference-tokens.tsv: npm install @anthropic-ai/tokenizer@0.0.4 js-tiktoken@1.0.21, then
// (cd proxy/src/test/resources && node context/count-tokens.mjs context/texts/* compress/sources/* compress/outputs/*.txt)
import { countTokens } from '@anthropic-ai/tokenizer';
import { getEncoding } from 'js-tiktoken';
import fs from 'fs';
const enc = getEncoding('o200k_base');
for (const f of process.argv.slice(2)) {
  const t = fs.readFileSync(f, 'utf8');
  console.log([f.split('/').slice(-2).join('/'), countTokens(t), enc.encode(t).length].join('\t'));
}
