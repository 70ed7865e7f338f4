#!/usr/bin/env node
// A MetaRAG client in Node.js: ingests a few documents into a collection of the retriever, asks the
// generator a question and prints the answer with its citations; exits non-zero on any failure.
// The first call is driven by server reflection alone, as grpcurl does: no .proto file is read for
// it. The others use the repository's proto/ files, loaded at run time by @grpc/proto-loader.
//
//   npm ci
//   node client.js [--retriever localhost:8101] [--generator localhost:8102]
//       [--collection library-node] [--question "How long are books lent for?"] [--min-confidence 0]
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { GrpcReflection } = require('grpc-js-reflection-client');

const PROTO_ROOT = path.resolve(__dirname, '..', '..', '..', 'proto', 'src', 'main', 'resources');

// A few made-up documents about a library (written for this example).
const DOCUMENTS = [
  { id: 'hours', title: 'Opening hours',
    text: 'The Orchard Street Library opens at nine in the morning and closes at eight in the evening ' +
      'from Monday to Friday. On Saturdays it closes at four, and it is closed on Sundays.' },
  { id: 'loans', title: 'Borrowing',
    text: 'Members may borrow up to twelve items at a time. Books are lent for three weeks and films ' +
      'for one week; a loan can be renewed twice if nobody has reserved the item.' },
  { id: 'printing', title: 'Printing and copying',
    text: 'Black and white prints cost ten cents a page and colour prints cost fifty cents a page. ' +
      'The printers on the first floor take cards and coins.' },
  { id: 'rooms', title: 'Study rooms',
    text: 'Four quiet study rooms on the second floor can be booked for up to three hours a day at the ' +
      'front desk or on the library website.' },
];

function options(argv) {
  const out = {
    retriever: 'localhost:8101',
    generator: 'localhost:8102',
    collection: 'library-node',
    question: 'How long are books lent for?',
    // The base model's reader heads are untrained and nearly always abstain at the service's
    // threshold (0.1): 0 never abstains, so there is an answer to cite. -1 uses the service's.
    'min-confidence': '0',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in out) || i + 1 >= argv.length) {
      throw new Error(`unknown option or missing value: ${argv[i]}`);
    }
    out[key] = argv[i + 1];
  }
  return out;
}

function deadline(seconds) {
  return { deadline: Date.now() + seconds * 1000 };
}

function unary(client, method, request, seconds) {
  return new Promise((resolve, reject) =>
    client[method](request, deadline(seconds), (err, reply) => (err ? reject(err) : resolve(reply))));
}

// ListCollections through a service definition downloaded from the server's reflection service.
async function listCollectionsByReflection(target) {
  const credentials = grpc.credentials.createInsecure();
  const reflection = new GrpcReflection(target, credentials);
  const services = await reflection.listServices();
  if (!services.includes('metarag.v1.Retriever')) {
    throw new Error(`reflection lists no metarag.v1.Retriever, only ${services.join(', ')}`);
  }
  const descriptor = await reflection.getDescriptorBySymbol('metarag.v1.Retriever');
  const pkg = descriptor.getPackageObject({ keepCase: true, longs: String, enums: String, defaults: true });
  const client = new pkg.metarag.v1.Retriever(target, credentials);
  try {
    const reply = await unary(client, 'ListCollections', {}, 30);
    return { services, collections: reply.collections };
  } finally {
    client.close();
  }
}

function ingest(retriever, collection, documents) {
  return new Promise((resolve, reject) => {
    // A client stream: the reply comes after the durable commit.
    const call = retriever.Ingest(deadline(120), (err, reply) => (err ? reject(err) : resolve(reply)));
    for (const document of documents) {
      call.write({ collection, document: { ...document, metadata: { source: 'example' } } });
    }
    call.end();
  });
}

async function main() {
  const args = options(process.argv.slice(2));

  const reflected = await listCollectionsByReflection(args.retriever);
  console.log(`via server reflection: services ${reflected.services.join(', ')}`);
  console.log(`via server reflection: ListCollections -> [${reflected.collections.map((c) => c.name).join(', ')}]`);

  const definition = protoLoader.loadSync(
    ['metarag/v1/retriever.proto', 'metarag/v1/generator.proto'],
    { includeDirs: [PROTO_ROOT], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const v1 = grpc.loadPackageDefinition(definition).metarag.v1;
  const retriever = new v1.Retriever(args.retriever, grpc.credentials.createInsecure());
  const generator = new v1.Generator(args.generator, grpc.credentials.createInsecure());
  try {
    try {
      await unary(retriever, 'CreateCollection',
        { name: args.collection, description: 'example documents (Node client)' }, 30);
      console.log(`created collection ${args.collection}`);
    } catch (e) {
      if (e.code !== grpc.status.ALREADY_EXISTS) throw e;
      console.log(`collection ${args.collection} exists: documents are replaced by id`);
    }
    const ack = await ingest(retriever, args.collection, DOCUMENTS);
    console.log(`ingested ${ack.documents_upserted} documents (${ack.passages_indexed} passages) in ${ack.took_millis} ms`);

    const request = { domain: args.collection, question: args.question };
    const minConfidence = Number(args['min-confidence']);
    if (minConfidence >= 0) request.min_confidence = minConfidence;
    const answer = await unary(generator, 'Answer', request, 120);

    console.log(`question: ${args.question}`);
    console.log(`model: ${answer.model.version}`);
    if (answer.abstained) {
      console.log(`abstained: ${answer.abstain_reason}`);
      return;
    }
    console.log(`answer: ${answer.answer} (confidence ${answer.confidence.toFixed(4)})`);
    if (answer.citations.length === 0) throw new Error('an answer without citations');
    const texts = new Map(DOCUMENTS.map((d) => [d.id, d.text]));
    for (const c of answer.citations) {
      // Offsets are UTF-16 code units, as JavaScript strings index.
      const cited = (texts.get(c.document_id) || '').substring(c.start_char, c.end_char);
      if (cited !== answer.answer) {
        throw new Error(`citation ${c.document_id} [${c.start_char}, ${c.end_char}) is "${cited}", not the answer`);
      }
      console.log(`cites ${c.document_id} [${c.start_char}, ${c.end_char}): ${c.snippet}`);
    }
  } finally {
    retriever.close();
    generator.close();
  }
}

main().catch((e) => {
  console.error(`metarag client: ${e.code !== undefined ? grpc.status[e.code] + ': ' + e.details : e.message || e}`);
  process.exit(1);
});
