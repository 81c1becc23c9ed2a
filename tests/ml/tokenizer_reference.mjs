// Reference tokenizations for tst_tokenizer, computed by JavaScript tokenizers installed from
// npm at set-up time (packaging/install-deps.sh --tests puts them under
// ${XDG_CACHE_HOME:-$HOME/.cache}/prefstudio/tokenizer-refs, or PREFSTUDIO_TOKENIZER_REFS).
//
//   node tokenizer_reference.mjs transformers --refs DIR --tokenizer DIR --corpus FILE [--no-special]
//       transformers.js (@lenml/tokenizers) on DIR/tokenizer.json + DIR/tokenizer_config.json;
//       prints {"ids": [...]} per corpus line.
//   node tokenizer_reference.mjs llama-js --refs DIR --corpus FILE --export DIR
//       llama-tokenizer-js (LLaMA-1/2 vocabulary, its own encoder). Runs its own test suite,
//       writes the same vocabulary and merges as a LLaMA-2 tokenizer.json (+ config) and its
//       test cases (cases.jsonl) into the export folder, prints its ids per corpus line.
//   node tokenizer_reference.mjs vocab --tokenizer FILE
//       prints the model vocabulary as {"id": token} in id order (for vocabulary checks).
//
// The corpus is JSON Lines {"text": ...}. Timing goes to stderr.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

function option(name, fallback) {
    const at = process.argv.indexOf(name);
    if (at < 0) {
        if (fallback !== undefined) return fallback;
        throw new Error(`missing ${name}`);
    }
    return process.argv[at + 1];
}

function readCorpus(file) {
    return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.length > 0)
        .map((line) => JSON.parse(line).text);
}

async function importFrom(refs, relative) {
    const file = path.join(refs, "node_modules", relative);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run packaging/install-deps.sh --tests`);
    return import(pathToFileURL(file).href);
}

function report(label, texts, started, tokens) {
    const seconds = (process.hrtime.bigint() - started) / 1000000n;
    const ms = Number(seconds) || 1;
    process.stderr.write(`${label}: ${texts.length} strings, ${tokens} tokens in ${ms} ms ` +
        `(${Math.round(texts.length * 1000 / ms)} strings/s, ${Math.round(tokens * 1000 / ms)} tokens/s)\n`);
}

async function transformers() {
    const refs = option("--refs");
    const dir = option("--tokenizer");
    const addSpecial = !process.argv.includes("--no-special");
    const { TokenizerLoader } = await importFrom(refs, "@lenml/tokenizers/dist/main.mjs");
    const tokenizerJSON = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8"));
    const configFile = path.join(dir, "tokenizer_config.json");
    const tokenizerConfig = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, "utf8")) : {};
    const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
    const texts = readCorpus(option("--corpus"));
    const out = [];
    let tokens = 0;
    const started = process.hrtime.bigint();
    for (const text of texts) {
        const ids = tokenizer.encode(text, { add_special_tokens: addSpecial });
        tokens += ids.length;
        out.push(JSON.stringify({ ids }));
    }
    report("transformers.js", texts, started, tokens);
    process.stdout.write(out.join("\n") + "\n");
}

async function llamaJs() {
    const refs = option("--refs");
    const exportDir = option("--export");
    const llama = (await importFrom(refs, "llama-tokenizer-js/llama-tokenizer.js")).default;

    // Its own test suite; it throws on any failure. A recording wrapper keeps the cases. The
    // suite logs timings with console.log, which would mix into our output: send it to stderr.
    const log = console.log;
    console.log = (...args) => process.stderr.write(args.join(" ") + "\n");
    const cases = [];
    llama.runTests((real) => real.defaultTests({
        encode: (text, ...rest) => {
            const ids = real.encode(text, ...rest);
            cases.push({ text, ids });
            return ids;
        },
        decode: (...args) => real.decode(...args),
    }));
    // The hard-coded expectations also hold for the unwrapped tokenizer.
    llama.runTests();
    console.log = log;

    const vocab = {};
    llama.vocabById.forEach((token, id) => { vocab[token] = id; });
    const merges = [...llama.merges.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => key.split(" "));
    const special = (id, content) => ({ id, content, single_word: false, lstrip: false, rstrip: false,
        normalized: false, special: true });
    const tokenizerJson = {
        version: "1.0", truncation: null, padding: null,
        added_tokens: [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
        normalizer: { type: "Sequence", normalizers: [
            { type: "Prepend", prepend: "\u2581" },
            { type: "Replace", pattern: { String: " " }, content: "\u2581" }] },
        pre_tokenizer: null,
        post_processor: { type: "TemplateProcessing",
            single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
            pair: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } },
                   { SpecialToken: { id: "<s>", type_id: 1 } }, { Sequence: { id: "B", type_id: 1 } }],
            special_tokens: { "<s>": { id: "<s>", ids: [1], tokens: ["<s>"] } } },
        decoder: { type: "Sequence", decoders: [
            { type: "Replace", pattern: { String: "\u2581" }, content: " " },
            { type: "ByteFallback" }, { type: "Fuse" },
            { type: "Strip", content: " ", start: 1, stop: 0 }] },
        model: { type: "BPE", dropout: null, unk_token: "<unk>", continuing_subword_prefix: null,
            end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false,
            vocab, merges },
    };
    const config = { add_bos_token: true, add_eos_token: false, bos_token: "<s>", eos_token: "</s>",
        unk_token: "<unk>", pad_token: null, legacy: true, tokenizer_class: "LlamaTokenizer" };
    fs.mkdirSync(exportDir, { recursive: true });
    fs.writeFileSync(path.join(exportDir, "tokenizer.json"), JSON.stringify(tokenizerJson));
    fs.writeFileSync(path.join(exportDir, "tokenizer_config.json"), JSON.stringify(config));
    fs.writeFileSync(path.join(exportDir, "cases.jsonl"), cases.map((c) => JSON.stringify(c)).join("\n") + "\n");

    const texts = readCorpus(option("--corpus"));
    const out = [];
    let tokens = 0;
    const started = process.hrtime.bigint();
    for (const text of texts) {
        const ids = llama.encode(text, true, true);
        tokens += ids.length;
        out.push(JSON.stringify({ ids }));
    }
    report("llama-tokenizer-js", texts, started, tokens);
    process.stdout.write(out.join("\n") + "\n");
}

function vocabList() {
    const json = JSON.parse(fs.readFileSync(option("--tokenizer"), "utf8"));
    const byId = {};
    for (const [token, id] of Object.entries(json.model.vocab)) byId[id] = token;
    process.stdout.write(JSON.stringify(byId) + "\n");
}

const mode = process.argv[2];
try {
    if (mode === "transformers") await transformers();
    else if (mode === "llama-js") await llamaJs();
    else if (mode === "vocab") vocabList();
    else throw new Error("usage: tokenizer_reference.mjs transformers|llama-js|vocab ...");
} catch (error) {
    process.stderr.write(`tokenizer_reference.mjs: ${error.message}\n`);
    process.exit(1);
}
