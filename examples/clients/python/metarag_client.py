#!/usr/bin/env python3
"""A MetaRAG client in Python: ingests a few documents into a collection of the retriever, asks
the generator a question and prints the answer with its citations, then meta-trains on labelled
questions it sends inline (no file on the server) and watches the job to its end. Exits non-zero
on any failure.

The gRPC stubs are generated from the repository's proto/ at start-up into a temporary folder
(never committed), with Debian's protoc and grpc_python_plugin:

    apt-get install -y python3-grpcio protobuf-compiler protobuf-compiler-grpc
    /usr/bin/python3 examples/clients/python/metarag_client.py \
        --retriever localhost:8101 --generator localhost:8102 --meta-trainer localhost:8103
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "proto", "src", "main", "resources"))

# A few made-up documents about a library (written for this example).
DOCUMENTS = [
    ("hours", "Opening hours",
     "The Orchard Street Library opens at nine in the morning and closes at eight in the evening "
     "from Monday to Friday. On Saturdays it closes at four, and it is closed on Sundays."),
    ("loans", "Borrowing",
     "Members may borrow up to twelve items at a time. Books are lent for three weeks and films "
     "for one week; a loan can be renewed twice if nobody has reserved the item."),
    ("printing", "Printing and copying",
     "Black and white prints cost ten cents a page and colour prints cost fifty cents a page. "
     "The printers on the first floor take cards and coins."),
    ("rooms", "Study rooms",
     "Four quiet study rooms on the second floor can be booked for up to three hours a day at the "
     "front desk or on the library website."),
]

# Labelled questions about those documents: (id, question, answers, the document that answers it).
# They travel inline in the job spec, so the trainer needs no file on its disk.
QUESTIONS = [
    ("hours-1", "When does the library open on weekdays?", ["nine in the morning"], "hours"),
    ("hours-2", "When does the library close on Saturdays?", ["four"], "hours"),
    ("hours-3", "On which day is the library closed?", ["Sundays"], "hours"),
    ("loans-1", "How many items may members borrow at a time?", ["twelve"], "loans"),
    ("loans-2", "How long are films lent for?", ["one week"], "loans"),
    ("loans-3", "How many times can a loan be renewed?", ["twice"], "loans"),
    ("printing-1", "How much does a colour print cost?", ["fifty cents a page"], "printing"),
    ("printing-2", "Where are the printers?", ["on the first floor", "the first floor"], "printing"),
    ("rooms-1", "How many quiet study rooms are there?", ["Four"], "rooms"),
    ("rooms-2", "How long can a study room be booked for?", ["up to three hours a day"], "rooms"),
]


def generate_stubs(out_dir):
    """Compiles proto/metarag/v1/*.proto into out_dir with protoc and the gRPC Python plugin.

    python3-grpc-tools is not used: Debian 12 ships it with protoc 3.5, which predates proto3
    'optional' fields (generator.proto has one); protoc 3.21 from protobuf-compiler matches
    Debian's python3-protobuf 3.21.
    """
    protoc = shutil.which("protoc")
    plugin = shutil.which("grpc_python_plugin")
    if protoc is None or plugin is None:
        sys.exit("metarag_client: protoc or grpc_python_plugin not found: "
                 "apt-get install -y protobuf-compiler protobuf-compiler-grpc")
    protos = sorted(glob.glob(os.path.join(PROTO_ROOT, "metarag", "v1", "*.proto")))
    if not protos:
        sys.exit("metarag_client: no .proto files under " + PROTO_ROOT)
    subprocess.run(
        [protoc, "-I" + PROTO_ROOT, "--python_out=" + out_dir, "--grpc_python_out=" + out_dir,
         "--plugin=protoc-gen-grpc_python=" + plugin] + protos,
        check=True)
    sys.path.insert(0, out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--retriever", default="localhost:8101")
    parser.add_argument("--generator", default="localhost:8102")
    parser.add_argument("--meta-trainer", default="localhost:8103")
    parser.add_argument("--collection", default="library-python")
    parser.add_argument("--question", default="How long are books lent for?")
    # The base model's reader heads are untrained and nearly always abstain at the service's
    # threshold (0.1): 0 never abstains, so there is an answer to cite. Adapt and promote a
    # version of the domain, then ask with the service's threshold (-1 here).
    parser.add_argument("--min-confidence", type=float, default=0.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="metarag-stubs-") as stubs:
        generate_stubs(stubs)
        import grpc
        from metarag.v1 import common_pb2, generator_pb2, generator_pb2_grpc
        from metarag.v1 import retriever_pb2, retriever_pb2_grpc
        from metarag.v1 import meta_trainer_pb2, meta_trainer_pb2_grpc, model_pb2

        try:
            with grpc.insecure_channel(args.retriever) as r, grpc.insecure_channel(args.generator) as g:
                retriever = retriever_pb2_grpc.RetrieverStub(r)
                generator = generator_pb2_grpc.GeneratorStub(g)

                try:
                    retriever.CreateCollection(
                        retriever_pb2.CreateCollectionRequest(
                            name=args.collection, description="example documents (Python client)"),
                        timeout=30)
                    print("created collection %s" % args.collection)
                except grpc.RpcError as e:
                    if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                        raise
                    print("collection %s exists: documents are replaced by id" % args.collection)

                # Ingest is a client stream; the reply comes after the durable commit.
                requests = (
                    retriever_pb2.IngestRequest(
                        collection=args.collection,
                        document=common_pb2.Document(id=i, title=t, text=x, metadata={"source": "example"}))
                    for i, t, x in DOCUMENTS)
                ack = retriever.Ingest(requests, timeout=120)
                print("ingested %d documents (%d passages) in %d ms"
                      % (ack.documents_upserted, ack.passages_indexed, ack.took_millis))

                request = generator_pb2.AnswerRequest(domain=args.collection, question=args.question)
                if args.min_confidence >= 0:
                    request.min_confidence = args.min_confidence
                answer = generator.Answer(request, timeout=120)
        except grpc.RpcError as e:
            sys.exit("metarag_client: %s: %s" % (e.code().name, e.details()))

        print_answer(args.question, answer)

        try:
            with grpc.insecure_channel(args.meta_trainer) as t:
                meta_train(meta_trainer_pb2, model_pb2, meta_trainer_pb2_grpc.MetaTrainerStub(t),
                           args.collection)
        except grpc.RpcError as e:
            sys.exit("metarag_client: %s: %s" % (e.code().name, e.details()))
        return 0


def print_answer(question, answer):
    print("question: %s" % question)
    print("model: %s" % answer.model.version)
    if answer.abstained:
        print("abstained: %s" % answer.abstain_reason)
        return
    print("answer: %s (confidence %.4f)" % (answer.answer, answer.confidence))
    texts = {i: x for i, _, x in DOCUMENTS}
    for c in answer.citations:
        # Offsets are UTF-16 code units; these documents are ASCII, so they index Python strings.
        cited = texts.get(c.document_id, "")[c.start_char:c.end_char]
        if cited != answer.answer:
            sys.exit("metarag_client: citation %s [%d, %d) is %r, not the answer"
                     % (c.document_id, c.start_char, c.end_char, cited))
        print("cites %s [%d, %d): %s" % (c.document_id, c.start_char, c.end_char, c.snippet))
    if not answer.citations:
        sys.exit("metarag_client: an answer without citations")


def meta_train(pb, model_pb2, trainer, collection):
    """Starts a small JOINT job on QUESTIONS sent inline and watches it until it ends."""
    examples = model_pb2.InlineExamples(examples=[
        model_pb2.QaExample(id=i, question=q, answers=a, gold_document_id=d)
        for i, q, a, d in QUESTIONS])
    top_layer = model_pb2.ParameterSubset(
        kind=model_pb2.PARAMETER_SUBSET_KIND_TOP_LAYERS, top_layers=1)
    spec = pb.JobSpec(
        display_name="example (Python client)",
        algorithm=model_pb2.META_ALGORITHM_JOINT,
        domains=[pb.SourceDomain(name=collection, collection=collection, examples=examples)],
        support_size=2, query_size=2, meta_batch_size=1, meta_steps=2,
        trainable_parameters=top_layer, retrieval_top_k=2, evaluation_examples=2)
    job = trainer.StartJob(pb.StartJobRequest(spec=spec), timeout=60).job
    print("started job %s on %d inline examples" % (job.id, len(QUESTIONS)))
    last = None
    for event in trainer.WatchJob(pb.WatchJobRequest(job_id=job.id), timeout=600):
        last = event
    state = pb.JobState.Name(last.state)
    if last.state != pb.JOB_STATE_SUCCEEDED:
        sys.exit("metarag_client: job %s ended %s: %s" % (job.id, state, last.message))
    print("job %s %s after %d steps: %s" % (job.id, state, last.step, last.result.version))


if __name__ == "__main__":
    sys.exit(main())
