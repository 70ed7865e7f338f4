package dev.metarag.inference.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_INT = 3;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int ATTRIBUTE_TYPE_INT = 2;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int ONNX_FLOAT = 1;
  private static final int ONNX_UINT8 = 2;
  private static final int ONNX_INT8 = 3;

  /** A top-level field kept as its raw bytes (tag included) or, for messages, its payload. */
  private record Field(int number, int wireType, ByteString payload) {}

  private final List<Field> modelFields;
  private final List<Field> graphFields;
  private final Map<String, FloatTensor> initializers = new LinkedHashMap<>();
  private final List<OnnxNode> nodes = new ArrayList<>();
  // Initializer name by position in graphFields, so that edits need not decode tensors again.
  private final Map<Integer, String> initializerNames = new HashMap<>();

  private OnnxModel(List<Field> modelFields, List<Field> graphFields) throws IOException {
    this.modelFields = modelFields;
    this.graphFields = graphFields;
    for (int i = 0; i < graphFields.size(); i++) {
      Field f = graphFields.get(i);
      if (f.number() == GRAPH_INITIALIZER) {
        FloatTensor t = readTensor(f.payload());
        if (t != null) {
          initializers.put(t.name(), t);
          initializerNames.put(i, t.name());
        } else {
          initializerNames.put(i, tensorName(f.payload()));
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

  /** The model's file, byte for byte as parsed. */
  public byte[] bytes() throws IOException {
    return edit().write();
  }

  /**
   * The model with the given initializers' values replaced; names, shapes and everything else stay.
   */
  public byte[] withInitializers(Map<String, FloatTensor> replacements) throws IOException {
    Edit edit = edit();
    replacements.values().forEach(edit::replaceInitializer);
    return edit.write();
  }

  /** Changes to this model, written out as a new file in one pass by {@link Edit#write()}. */
  public Edit edit() {
    return new Edit();
  }

  /**
   * A set of changes to the model: initializers replaced, dropped or added, nodes replaced in place
   * (so the graph stays topologically sorted) or appended, outputs added. Everything not changed is
   * copied through byte for byte. One pass, without decoding the weights again: exporting a MiniLM
   * graph writes about 90 MB, and each extra copy of it costs time and heap.
   */
  public final class Edit {
    private final Map<String, FloatTensor> replaced = new HashMap<>();
    private final Set<String> dropped = new HashSet<>();
    private final Map<String, List<OnnxNode>> replacedNodes = new HashMap<>();
    private final List<Field> appended = new ArrayList<>();
    private final List<Field> appendedOutputs = new ArrayList<>();

    private Edit() {}

    /**
     * Replaces a float initializer's values.
     *
     * @throws IllegalArgumentException when the graph has no such initializer or its shape differs
     */
    public Edit replaceInitializer(FloatTensor t) {
      FloatTensor old = initializers.get(t.name());
      if (old == null) {
        throw new IllegalArgumentException("no float initializer named " + t.name());
      }
      if (!Arrays.equals(old.dims(), t.dims())) {
        throw new IllegalArgumentException(
            t.name()
                + ": shape "
                + Arrays.toString(t.dims())
                + " differs from the graph's "
                + Arrays.toString(old.dims()));
      }
      replaced.put(t.name(), t);
      return this;
    }

    /** Leaves an initializer out (one no node uses any more); it wins over a replacement. */
    public Edit dropInitializer(String name) {
      dropped.add(name);
      return this;
    }

    public Edit addInitializer(FloatTensor t) throws IOException {
      appended.add(new Field(GRAPH_INITIALIZER, LENGTH_DELIMITED, tensorBytes(t)));
      return this;
    }

    public Edit addInitializer(Int8Tensor t) throws IOException {
      appended.add(new Field(GRAPH_INITIALIZER, LENGTH_DELIMITED, int8TensorBytes(t)));
      return this;
    }

    /**
     * Puts {@code by} where the node named {@code name} was.
     *
     * @throws IllegalArgumentException when the graph has no such node
     */
    public Edit replaceNode(String name, List<OnnxNode> by) {
      if (nodes.stream().noneMatch(n -> n.name().equals(name))) {
        throw new IllegalArgumentException("no node named " + name);
      }
      replacedNodes.put(name, by);
      return this;
    }

    /** Appends nodes after the graph's own (they may read any of its values). */
    public Edit addNodes(List<OnnxNode> added) throws IOException {
      for (OnnxNode n : added) {
        appended.add(new Field(GRAPH_NODE, LENGTH_DELIMITED, nodeBytes(n)));
      }
      return this;
    }

    /** Declares a graph output, as a float tensor of unknown shape. */
    public Edit addOutput(String name) throws IOException {
      appendedOutputs.add(new Field(GRAPH_OUTPUT, LENGTH_DELIMITED, floatValueInfo(name)));
      return this;
    }

    /** The edited model file. */
    public byte[] write() throws IOException {
      List<Field> graph = new ArrayList<>(graphFields.size() + appended.size());
      int nodeIndex = 0;
      for (int i = 0; i < graphFields.size(); i++) {
        Field f = graphFields.get(i);
        if (f.number() == GRAPH_NODE) {
          List<OnnxNode> by = replacedNodes.get(nodes.get(nodeIndex++).name());
          if (by != null) {
            for (OnnxNode n : by) {
              graph.add(new Field(GRAPH_NODE, LENGTH_DELIMITED, nodeBytes(n)));
            }
            continue;
          }
        } else if (f.number() == GRAPH_INITIALIZER) {
          String name = initializerNames.get(i);
          if (dropped.contains(name)) {
            continue;
          }
          FloatTensor t = replaced.get(name);
          if (t != null) {
            graph.add(new Field(GRAPH_INITIALIZER, LENGTH_DELIMITED, tensorBytes(t)));
            continue;
          }
        }
        graph.add(f);
      }
      graph.addAll(appended);
      graph.addAll(appendedOutputs);
      return assemble(graph);
    }
  }

  /** The model file with {@code graph} as its graph: sized first, then written into one array. */
  private byte[] assemble(List<Field> graph) throws IOException {
    long graphSize = 0;
    for (Field f : graph) {
      graphSize += encodedSize(f);
    }
    if (graphSize > Integer.MAX_VALUE) {
      throw new IOException("the graph exceeds protobuf's 2 GB limit");
    }
    long total = 0;
    for (Field f : modelFields) {
      total +=
          f.number() == MODEL_GRAPH
              ? CodedOutputStream.computeTagSize(MODEL_GRAPH)
                  + CodedOutputStream.computeUInt32SizeNoTag((int) graphSize)
                  + graphSize
              : encodedSize(f);
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IOException("the model exceeds protobuf's 2 GB limit");
    }
    byte[] out = new byte[(int) total];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    for (Field f : modelFields) {
      if (f.number() == MODEL_GRAPH) {
        o.writeTag(MODEL_GRAPH, LENGTH_DELIMITED);
        o.writeUInt32NoTag((int) graphSize);
        for (Field g : graph) {
          write(o, g);
        }
      } else {
        write(o, f);
      }
    }
    o.checkNoSpaceLeft();
    return out;
  }

  private static long encodedSize(Field f) {
    int payload = f.payload().size();
    return CodedOutputStream.computeTagSize(f.number())
        + (f.wireType() == LENGTH_DELIMITED
            ? CodedOutputStream.computeUInt32SizeNoTag(payload) + payload
            : payload);
  }

  /** The field re-encoded exactly as read: tag, then length and payload or the raw value. */
  private static void write(CodedOutputStream o, Field f) throws IOException {
    o.writeTag(f.number(), f.wireType());
    if (f.wireType() == LENGTH_DELIMITED) {
      o.writeUInt32NoTag(f.payload().size());
    }
    o.writeRawBytes(f.payload());
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

  private static String tensorName(ByteString bytes) throws IOException {
    for (Field f : fields(bytes)) {
      if (f.number() == TENSOR_NAME) {
        return f.payload().toStringUtf8();
      }
    }
    return "";
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
    ByteBuffer raw = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(t.data());
    return tensorBytes(t.name(), t.dims(), ONNX_FLOAT, raw.array());
  }

  private static ByteString int8TensorBytes(Int8Tensor t) throws IOException {
    return tensorBytes(t.name(), t.dims(), t.signed() ? ONNX_INT8 : ONNX_UINT8, t.data());
  }

  /** TensorProto{dims, data_type, name, raw_data}, the raw bytes wrapped rather than copied. */
  private static ByteString tensorBytes(String name, long[] dims, int dataType, byte[] raw)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length + 256);
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    for (long d : dims) {
      o.writeInt64(TENSOR_DIMS, d);
    }
    o.writeInt32(TENSOR_DATA_TYPE, dataType);
    o.writeString(TENSOR_NAME, name);
    o.writeBytes(TENSOR_RAW_DATA, UnsafeByteOperations.unsafeWrap(raw));
    o.flush();
    return UnsafeByteOperations.unsafeWrap(b.toByteArray());
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
    for (Map.Entry<String, Long> a : n.intAttributes().entrySet()) {
      ByteArrayOutputStream attribute = new ByteArrayOutputStream();
      CodedOutputStream ao = CodedOutputStream.newInstance(attribute);
      ao.writeString(ATTRIBUTE_NAME, a.getKey());
      ao.writeInt64(ATTRIBUTE_INT, a.getValue());
      ao.writeInt32(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
      ao.flush();
      o.writeBytes(NODE_ATTRIBUTE, ByteString.copyFrom(attribute.toByteArray()));
    }
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
