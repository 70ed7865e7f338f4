#!/usr/bin/env node
// A MetaRAG client in Node.js: ingests a few documents into a collection of the retriever, asks the
// generator a question and prints the answer with its citations, then meta-trains on labelled
// questions it sends inline (no file on the server) and watches the job to its end; exits non-zero
// on any failure. The first call is driven by server reflection alone, as grpcurl does: no .proto
// file is read for it. The others use the repository's proto/ files, loaded at run time by
// @grpc/proto-loader.
//
//   npm ci
//   node client.js [--retriever localhost:8101] [--generator localhost:8102]
//       [--meta-trainer localhost:8103] [--collection library-node]
//       [--question "How long are books lent for?"] [--min-confidence 0]
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

// Labelled questions about those documents, each with the document that answers it. They travel
// inline in the job spec, so the trainer needs no file on its disk.
const QUESTIONS = [
  ['hours-1', 'When does the library open on weekdays?', ['nine in the morning'], 'hours'],
  ['hours-2', 'When does the library close on Saturdays?', ['four'], 'hours'],
  ['hours-3', 'On which day is the library closed?', ['Sundays'], 'hours'],
  ['loans-1', 'How many items may members borrow at a time?', ['twelve'], 'loans'],
  ['loans-2', 'How long are films lent for?', ['one week'], 'loans'],
  ['loans-3', 'How many times can a loan be renewed?', ['twice'], 'loans'],
  ['printing-1', 'How much does a colour print cost?', ['fifty cents a page'], 'printing'],
  ['printing-2', 'Where are the printers?', ['on the first floor', 'the first floor'], 'printing'],
  ['rooms-1', 'How many quiet study rooms are there?', ['Four'], 'rooms'],
  ['rooms-2', 'How long can a study room be booked for?', ['up to three hours a day'], 'rooms'],
].map(([id, question, answers, document]) => ({ id, question, answers, gold_document_id: document }));

function options(argv) {
  const out = {
    retriever: 'localhost:8101',
    generator: 'localhost:8102',
    'meta-trainer': 'localhost:8103',
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

// Resolves with the job's last event: WatchJob ends with OK after the job's final state.
function watchToEnd(trainer, jobId) {
  return new Promise((resolve, reject) => {
    let last = null;
    const call = trainer.WatchJob({ job_id: jobId }, deadline(600));
    call.on('data', (event) => { last = event; });
    call.on('error', reject);
    call.on('end', () => (last ? resolve(last) : reject(new Error(`no event for job ${jobId}`))));
  });
}

// A small JOINT job on QUESTIONS sent inline, watched until it ends.
async function metaTrain(trainer, collection) {
  const topLayer = { kind: 'PARAMETER_SUBSET_KIND_TOP_LAYERS', top_layers: 1 };
  const spec = {
    display_name: 'example (Node client)',
    algorithm: 'META_ALGORITHM_JOINT',
    domains: [{ name: collection, collection, examples: { examples: QUESTIONS } }],
    support_size: 2, query_size: 2, meta_batch_size: 1, meta_steps: 2,
    trainable_parameters: topLayer, retrieval_top_k: 2, evaluation_examples: 2,
  };
  const { job } = await unary(trainer, 'StartJob', { spec }, 60);
  console.log(`started job ${job.id} on ${QUESTIONS.length} inline examples`);
  const last = await watchToEnd(trainer, job.id);
  if (last.state !== 'JOB_STATE_SUCCEEDED') {
    throw new Error(`job ${job.id} ended ${last.state}: ${last.message}`);
  }
  console.log(`job ${job.id} ${last.state} after ${last.step} steps: ${last.result.version}`);
}

async function main() {
  const args = options(process.argv.slice(2));

  const reflected = await listCollectionsByReflection(args.retriever);
  console.log(`via server reflection: services ${reflected.services.join(', ')}`);
  console.log(`via server reflection: ListCollections -> [${reflected.collections.map((c) => c.name).join(', ')}]`);

  const definition = protoLoader.loadSync(
    ['metarag/v1/retriever.proto', 'metarag/v1/generator.proto', 'metarag/v1/meta_trainer.proto'],
    { includeDirs: [PROTO_ROOT], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const v1 = grpc.loadPackageDefinition(definition).metarag.v1;
  const retriever = new v1.Retriever(args.retriever, grpc.credentials.createInsecure());
  const generator = new v1.Generator(args.generator, grpc.credentials.createInsecure());
  const trainer = new v1.MetaTrainer(args['meta-trainer'], grpc.credentials.createInsecure());
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
    printAnswer(answer);

    await metaTrain(trainer, args.collection);
  } finally {
    retriever.close();
    generator.close();
    trainer.close();
  }
}

function printAnswer(answer) {
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
}

main().catch((e) => {
  console.error(`metarag client: ${e.code !== undefined ? grpc.status[e.code] + ': ' + e.details : e.message || e}`);
  process.exit(1);
});
