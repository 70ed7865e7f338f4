package dev.metarag.inference.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model file read at the protobuf wire level: its float initializers (the weights) and its
 * nodes, and the same file written back with some initializers replaced or with nodes added.
 *
 * <p>Only the few fields the training side needs are decoded (ModelProto.graph, GraphProto.node,
 * initializer and output, NodeProto names, TensorProto dims, type, name and data); every other byte
 * is copied through unchanged, so the rewritten file keeps the exact graph ONNX Runtime serves.
 * This avoids depending on generated ONNX classes built for another protobuf version.
 */
public final class OnnxModel {
  // ModelProto
  private static final int MODEL_GRAPH = 7;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int ONNX_FLOAT = 1;

  /** A top-level field kept as its raw bytes (tag included) or, for messages, its payload. */
  private record Field(int number, int wireType, ByteString payload) {}

  private final List<Field> modelFields;
  private final List<Field> graphFields;
  private final Map<String, FloatTensor> initializers = new LinkedHashMap<>();
  private final List<OnnxNode> nodes = new ArrayList<>();

  private OnnxModel(List<Field> modelFields, List<Field> graphFields) throws IOException {
    this.modelFields = modelFields;
    this.graphFields = graphFields;
    for (Field f : graphFields) {
      if (f.number() == GRAPH_INITIALIZER) {
        FloatTensor t = readTensor(f.payload());
        if (t != null) {
          initializers.put(t.name(), t);
        }
      } else if (f.number() == GRAPH_NODE) {
        nodes.add(readNode(f.payload()));
      }
    }
  }

  public static OnnxModel parse(byte[] bytes) throws IOException {
    List<Field> model = fields(ByteString.copyFrom(bytes));
    Field graph =
        model.stream()
            .filter(f -> f.number() == MODEL_GRAPH)
            .findFirst()
            .orElseThrow(() -> new IOException("not an ONNX model: no graph"));
    return new OnnxModel(model, fields(graph.payload()));
  }

  /** Float initializers by name, in file order. Other types (int64 shapes...) are left out. */
  public Map<String, FloatTensor> floatInitializers() {
    return initializers;
  }

  public List<OnnxNode> nodes() {
    return nodes;
  }

  /**
   * The model with the given initializers' values replaced; names, shapes and everything else stay.
   */
  public byte[] withInitializers(Map<String, FloatTensor> replacements) throws IOException {
    for (FloatTensor t : replacements.values()) {
      FloatTensor old = initializers.get(t.name());
      if (old == null) {
        throw new IllegalArgumentException("no float initializer named " + t.name());
      }
      if (!java.util.Arrays.equals(old.dims(), t.dims())) {
        throw new IllegalArgumentException(
            t.name()
                + ": shape "
                + java.util.Arrays.toString(t.dims())
                + " differs from the graph's "
                + java.util.Arrays.toString(old.dims()));
      }
    }
    List<ByteString> graph = new ArrayList<>();
    for (Field f : graphFields) {
      if (f.number() == GRAPH_INITIALIZER) {
        FloatTensor t = readTensor(f.payload());
        if (t != null && replacements.containsKey(t.name())) {
          graph.add(message(GRAPH_INITIALIZER, tensorBytes(replacements.get(t.name()))));
          continue;
        }
      }
      graph.add(encode(f));
    }
    return assemble(graph);
  }

  /**
   * The model with extra nodes, initializers and graph outputs appended (for heads on top of an
   * encoder). Each output is declared as a float tensor of unknown shape.
   */
  public byte[] withAddedNodes(
      List<OnnxNode> newNodes, List<FloatTensor> newInitializers, List<String> newOutputs)
      throws IOException {
    List<ByteString> graph = new ArrayList<>();
    for (Field f : graphFields) {
      graph.add(encode(f));
    }
    for (OnnxNode n : newNodes) {
      graph.add(message(GRAPH_NODE, nodeBytes(n)));
    }
    for (FloatTensor t : newInitializers) {
      graph.add(message(GRAPH_INITIALIZER, tensorBytes(t)));
    }
    for (String output : newOutputs) {
      graph.add(message(GRAPH_OUTPUT, floatValueInfo(output)));
    }
    return assemble(graph);
  }

  private byte[] assemble(List<ByteString> graphParts) throws IOException {
    ByteString graph = ByteString.copyFrom(graphParts);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Field f : modelFields) {
      if (f.number() == MODEL_GRAPH) {
        message(MODEL_GRAPH, graph).writeTo(out);
      } else {
        encode(f).writeTo(out);
      }
    }
    return out.toByteArray();
  }

  private static List<Field> fields(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    in.setSizeLimit(Integer.MAX_VALUE);
    List<Field> out = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return out;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      ByteString payload =
          switch (wireType) {
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes();
            case WireFormat.WIRETYPE_VARINT -> varint(in.readRawVarint64());
            case WireFormat.WIRETYPE_FIXED32 -> ByteString.copyFrom(in.readRawBytes(4));
            case WireFormat.WIRETYPE_FIXED64 -> ByteString.copyFrom(in.readRawBytes(8));
            default ->
                throw new IOException("unsupported wire type " + wireType + " in ONNX model");
          };
      out.add(new Field(number, wireType, payload));
    }
  }

  private static ByteString varint(long value) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    o.writeUInt64NoTag(value);
    o.flush();
    return ByteString.copyFrom(b.toByteArray());
  }

  /** The field re-encoded exactly as read: tag, then length and payload or the raw value. */
  private static ByteString encode(Field f) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    o.writeTag(f.number(), f.wireType());
    if (f.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      o.writeBytesNoTag(f.payload());
    } else {
      o.writeRawBytes(f.payload());
    }
    o.flush();
    return ByteString.copyFrom(b.toByteArray());
  }

  private static ByteString message(int number, ByteString payload) throws IOException {
    return encode(new Field(number, WireFormat.WIRETYPE_LENGTH_DELIMITED, payload));
  }

  private static OnnxNode readNode(ByteString bytes) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String op = "";
    for (Field f : fields(bytes)) {
      switch (f.number()) {
        case NODE_INPUT -> inputs.add(f.payload().toStringUtf8());
        case NODE_OUTPUT -> outputs.add(f.payload().toStringUtf8());
        case NODE_NAME -> name = f.payload().toStringUtf8();
        case NODE_OP_TYPE -> op = f.payload().toStringUtf8();
        default -> {}
      }
    }
    return new OnnxNode(name, op, List.copyOf(inputs), List.copyOf(outputs));
  }

  /** The tensor if it holds floats, else null. */
  private static FloatTensor readTensor(ByteString bytes) throws IOException {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = "";
    ByteString raw = null;
    List<Float> floats = new ArrayList<>();
    for (Field f : fields(bytes)) {
      switch (f.number()) {
        case TENSOR_DIMS -> {
          if (f.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            CodedInputStream in = f.payload().newCodedInput();
            while (!in.isAtEnd()) {
              dims.add(in.readInt64());
            }
          } else {
            dims.add(f.payload().newCodedInput().readInt64());
          }
        }
        case TENSOR_DATA_TYPE -> type = (int) f.payload().newCodedInput().readInt64();
        case TENSOR_NAME -> name = f.payload().toStringUtf8();
        case TENSOR_RAW_DATA -> raw = f.payload();
        case TENSOR_FLOAT_DATA -> {
          if (f.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            ByteBuffer bb = f.payload().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            while (bb.hasRemaining()) {
              floats.add(bb.getFloat());
            }
          } else {
            floats.add(
                f.payload().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat());
          }
        }
        default -> {}
      }
    }
    if (type != ONNX_FLOAT) {
      return null;
    }
    float[] data;
    if (raw != null) {
      data = new float[raw.size() / 4];
      raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    } else {
      data = new float[floats.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = floats.get(i);
      }
    }
    return new FloatTensor(name, dims.stream().mapToLong(Long::longValue).toArray(), data);
  }

  private static ByteString tensorBytes(FloatTensor t) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    for (long d : t.dims()) {
      o.writeInt64(TENSOR_DIMS, d);
    }
    o.writeInt32(TENSOR_DATA_TYPE, ONNX_FLOAT);
    o.writeString(TENSOR_NAME, t.name());
    ByteBuffer raw = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(t.data());
    o.writeBytes(TENSOR_RAW_DATA, ByteString.copyFrom(raw));
    o.flush();
    return ByteString.copyFrom(b.toByteArray());
  }

  private static ByteString nodeBytes(OnnxNode n) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    for (String in : n.inputs()) {
      o.writeString(NODE_INPUT, in);
    }
    for (String out : n.outputs()) {
      o.writeString(NODE_OUTPUT, out);
    }
    o.writeString(NODE_NAME, n.name());
    o.writeString(NODE_OP_TYPE, n.opType());
    o.flush();
    return ByteString.copyFrom(b.toByteArray());
  }

  /** ValueInfoProto{name=1, type=2: TypeProto{tensor_type=1: {elem_type=1: FLOAT}}}. */
  private static ByteString floatValueInfo(String name) throws IOException {
    ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
    CodedOutputStream tt = CodedOutputStream.newInstance(tensorType);
    tt.writeInt32(1, ONNX_FLOAT);
    tt.flush();
    ByteArrayOutputStream type = new ByteArrayOutputStream();
    CodedOutputStream t = CodedOutputStream.newInstance(type);
    t.writeBytes(1, ByteString.copyFrom(tensorType.toByteArray()));
    t.flush();
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    CodedOutputStream i = CodedOutputStream.newInstance(info);
    i.writeString(1, name);
    i.writeBytes(2, ByteString.copyFrom(type.toByteArray()));
    i.flush();
    return ByteString.copyFrom(info.toByteArray());
  }
}
